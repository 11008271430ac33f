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
  ['ECOWAS lifts sanctions on Niger as junta releases detainees', 'West African bloc ECOWAS lifted border and financial sanctions on Niger on Saturday after the junta in Niamey freed several officials of the Bazoum government.'],
  ['Tchad : Mahamat Idriss Déby investi président après la présidentielle', 'Le général Mahamat Idriss Déby a prêté serment jeudi à N’Djamena comme président du Tchad, à l’issue d’une élection contestée par l’opposition.'],
  ['Mali junta suspends political parties ahead of transition talks in Bamako', 'Mali’s military government suspended all political parties and associations on Wednesday, citing threats to public order in Bamako before national talks.'],
  ['Sahel alliance AES launches joint force of Mali, Burkina Faso and Niger', 'The Alliance of Sahel States (AES) formed by the juntas of Mali, Burkina Faso and Niger announced a joint force of 5,000 troops to fight jihadist groups.'],
  ['Mauritanie : Mohamed Ould Ghazouani réélu au premier tour', 'Le président sortant Mohamed Ould Ghazouani a été réélu dès le premier tour de la présidentielle en Mauritanie, selon les résultats provisoires publiés à Nouakchott.'],
  ['Niger: Bazoum’s immunity lifted by junta-created court in Niamey', 'A court set up by Niger’s military rulers lifted the immunity of deposed President Mohamed Bazoum, opening the way to a trial in Niamey.'],
  ['Burkina Faso expels three French diplomats accused of subversion', 'Burkina Faso’s military government expelled three French diplomats from Ouagadougou, accusing them of subversive activities, the foreign ministry said.'],
  ['Chad ends defence cooperation agreement with France, N’Djamena says', 'Chad’s government in N’Djamena said it was ending its defence cooperation agreement with France, which keeps about 1,000 troops in the country.'],
];

export function sahelHeadline(n: number): FixtureItem {
  const [title, description] = EVENTS[n % EVENTS.length]!;
  const round = Math.floor(n / EVENTS.length);
  return {
    title: round === 0 ? title : `${title} (${round})`,
    description,
    link: `https://sahel-fixture-news.example/${2024}/story-${n}`,
    guid: `sahel-fixture-${n}`,
  };
}
