// Realistic, distinct Sahel headlines for end-to-end runs: each one a separate event.
import type { FixtureItem } from '../feed-server.js';

const EVENTS: [string, string][] = [
  ['Niger junta orders French ambassador out of Niamey within 48 hours', 'The military rulers who seized power in Niger in July gave France’s ambassador 48 hours to leave Niamey, the foreign ministry said on Friday.'],
  ['Mali army says it repelled attack on Gao airport, JNIM claims raid', 'Mali’s army said it repelled an attack on the airport in Gao on Monday; the al Qaeda-linked JNIM group said its fighters carried out the raid.'],
  ['Burkina Faso : le capitaine Traoré dissout la commission électorale', 'Le gouvernement de transition du Burkina Faso, dirigé par le capitaine Ibrahim Traoré, a dissous mercredi la commission électorale nationale indépendante.'],
  ['Chad floods displace thousands in N’Djamena as Chari river rises', 'Floods have forced thousands of people from their homes in N’Djamena as the Chari and Logone rivers burst their banks, Chad’s humanitarian ministry said.'],
  ['Mauritania coast guard rescues migrants off Nouadhibou', 'Mauritania’s coast guard rescued more than 150 migrants from a boat heading to the Canary Islands off Nouadhibou, officials said on Thursday.'],
  ['Niger revokes French uranium miner Orano’s licence for Imouraren mine', 'Niger’s military government revoked the operating licence of French nuclear fuel group Orano at the Imouraren uranium deposit in the north of the country.'],
  ['Mali : l’armée et ses alliés russes reprennent Kidal aux rebelles touareg', 'L’armée malienne, appuyée par des paramilitaires russes du groupe Wagner, a pris le contrôle de Kidal, bastion des rebelles touareg du CSP, a annoncé la transition à Bamako.'],
  ['Burkina Faso: dozens killed in attack on Djibo, army says', 'Dozens of civilians and soldiers were killed when jihadists attacked the town of Djibo in northern Burkina Faso on Sunday, the army said.'],
  ['Mali gold output falls 23% after dispute with Barrick over Loulo-Gounkoto', 'Industrial gold production in Mali fell 23% last year after the government’s dispute with Canadian miner Barrick halted exports from the Loulo-Gounkoto complex, the mines ministry said.'],
  ['Tchad : Mahamat Idriss Déby investi président après la présidentielle', 'Le général Mahamat Idriss Déby a prêté serment jeudi à N’Djamena comme président du Tchad, à l’issue d’une élection contestée par l’opposition.'],
  ['Mali junta suspends political parties ahead of transition talks in Bamako', 'Mali’s military government suspended all political parties and associations on Wednesday, citing threats to public order in Bamako before national talks.'],
  ['Sahel alliance AES launches joint force of Mali, Burkina Faso and Niger', 'The Alliance of Sahel States (AES) formed by the juntas of Mali, Burkina Faso and Niger announced a joint force of 5,000 troops to fight jihadist groups.'],
  ['Mauritanie : Mohamed Ould Ghazouani réélu au premier tour', 'Le président sortant Mohamed Ould Ghazouani a été réélu dès le premier tour de la présidentielle en Mauritanie, selon les résultats provisoires publiés à Nouakchott.'],
  ['Mauritania starts gas exports from offshore Grand Tortue field', 'The first cargo of liquefied natural gas left the Grand Tortue Ahmeyim field shared by Mauritania and Senegal, operator BP said, years behind schedule.'],
  ['Burkina Faso expels three French diplomats accused of subversion', 'Burkina Faso’s military government expelled three French diplomats from Ouagadougou, accusing them of subversive activities, the foreign ministry said.'],
  ['Chad ends defence cooperation agreement with France, N’Djamena says', 'Chad’s government in N’Djamena said it was ending its defence cooperation agreement with France, which keeps about 1,000 troops in the country.'],
];

/** Places with their country, for generated events beyond the hand-written list. */
const PLACES: [string, string][] = [
  ['Mopti', 'Mali'], ['Ségou', 'Mali'], ['Tombouctou', 'Mali'], ['Ménaka', 'Mali'], ['Sikasso', 'Mali'], ['Kayes', 'Mali'],
  ['Dori', 'Burkina Faso'], ['Fada N’Gourma', 'Burkina Faso'], ['Kaya', 'Burkina Faso'], ['Bobo-Dioulasso', 'Burkina Faso'], ['Ouahigouya', 'Burkina Faso'],
  ['Agadez', 'Niger'], ['Tillabéri', 'Niger'], ['Diffa', 'Niger'], ['Zinder', 'Niger'], ['Maradi', 'Niger'], ['Tahoua', 'Niger'],
  ['Abéché', 'Chad'], ['Moundou', 'Chad'], ['Bol', 'Chad'], ['Faya-Largeau', 'Chad'],
  ['Néma', 'Mauritania'], ['Kiffa', 'Mauritania'], ['Rosso', 'Mauritania'],
];

/** Event kinds that share nothing but the place: different words, numbers and actors. */
const KINDS: ((place: string, country: string, n: number) => [string, string])[] = [
  (p, c, n) => [`${c}: ${n} killed as gunmen attack market in ${p}`, `Gunmen on motorbikes attacked the weekly market in ${p}, ${c}, killing ${n} people, local officials said, blaming jihadist fighters active in the area.`],
  (p, c, n) => [`Floods destroy ${n * 40} homes around ${p} in ${c}`, `Heavy seasonal rains flooded neighbourhoods of ${p}, destroying ${n * 40} homes and forcing families into schools, ${c}’s civil protection agency reported.`],
  (p, c, n) => [`${c} opens ${n}-megawatt solar plant near ${p}`, `Authorities inaugurated a ${n}-megawatt solar power station near ${p}, part of ${c}’s plan to cut dependence on imported diesel for electricity.`],
  (p, c, n) => [`WFP warns ${n * 1000} people face hunger in ${p} region, ${c}`, `The World Food Programme said ${n * 1000} people in the ${p} region of ${c} face emergency levels of food insecurity because of the blockade by armed groups.`],
  (p, c, n) => [`${c}: teachers in ${p} strike over ${n} months of unpaid wages`, `Teachers in ${p} walked out of classrooms to demand ${n} months of salary arrears, their union said, closing schools across the town in ${c}.`],
  (p, c, n) => [`Cholera outbreak in ${p} kills ${n}, ${c} health ministry says`, `${c}’s health ministry confirmed a cholera outbreak in ${p} that has killed ${n} people and sent dozens more to clinics short of supplies.`],
];

export function sahelHeadline(n: number): FixtureItem {
  const link = `https://sahel-fixture-news.example/${2024}/story-${n}`;
  if (n < EVENTS.length) {
    const [title, description] = EVENTS[n]!;
    return { title, description, link, guid: `sahel-fixture-${n}` };
  }
  // Kinds vary fastest: consecutive items are different kinds of event, not one template in another town.
  const k = n - EVENTS.length;
  const [place, country] = PLACES[(k * 5) % PLACES.length]!;
  const [title, description] = KINDS[k % KINDS.length]!(place, country, 7 + ((k * 13) % 89));
  return { title, description, link, guid: `sahel-fixture-${n}` };
}
