import { describe, expect, it } from 'vitest';
import { listTopics, matchTopics, type TopicMatch } from './index.js';

const match = (title: string, text = ''): TopicMatch => matchTopics({ title, text });
const cancelled = (m: TopicMatch, rule: string): boolean => m.evidence.some((e) => e.cancelledBy?.startsWith(rule));

describe('Sahel items are recognised', () => {
  it.each([
    ['Niger junta revokes uranium permit of French nuclear firm Orano', "Niger's military rulers withdrew Orano's Imouraren permit.", 'NER'],
    ['Mali : la junte dissout les partis politiques', 'Les autorités de transition ont annoncé la dissolution des partis.', 'MLI'],
    ['Burkina Faso : le capitaine Ibrahim Traoré limoge son Premier ministre', '', 'BFA'],
    ['Tchad : Mahamat Idriss Déby élevé à la dignité de maréchal', '', 'TCD'],
    ['Mauritanie : Ghazouani réélu pour un second mandat', 'Le président sortant a obtenu 56 % des voix.', 'MRT'],
    ['Gunmen kill 20 villagers in western Tillabéri region', 'Suspected jihadists on motorbikes attacked the village.', 'NER'],
    ['ISWAP fighters overrun military base in Borno', 'Militants attacked the base near Lake Chad, killing soldiers.', 'NGA'],
  ])('%s', (title, text, country) => {
    const m = match(title, text);
    expect(m.relevant).toBe(true);
    expect(m.countries).toContain(country);
  });

  it('resolves a French item that names no country through its places and actors', () => {
    const m = match("La junte au pouvoir à Niamey expulse l'ambassadeur de France", 'Les militaires qui ont renversé Mohamed Bazoum avaient donné 48 heures au diplomate.');
    expect(m.relevant).toBe(true);
    expect(m.countries).toEqual(['NER']);
    expect(m.actors).toContain('bazoum');
    // A row with France, and a deposed head of state in the lead ("les militaires qui ont renversé Mohamed Bazoum").
    expect(m.themes).toEqual(expect.arrayContaining(['coup', 'foreign-powers']));
  });

  it('follows lineage: Africa Corps also tags Wagner, the FLA its predecessors', () => {
    expect(match("Russia's Africa Corps replaces Wagner in Mali").actors).toEqual(expect.arrayContaining(['africa-corps', 'wagner']));
    const fla = match("Le Front de libération de l'Azawad revendique une attaque près de Kidal");
    expect(fla.actors).toEqual(expect.arrayContaining(['fla', 'csp', 'cma']));
    expect(fla.countries).toEqual(['MLI']);
  });

  it('reads the JNIM under its French name GSIM and ISSP under EIGS', () => {
    expect(match('Le GSIM revendique une embuscade au Mali').actors).toContain('jnim');
    expect(match("L'EIGS frappe à Ménaka").actors).toContain('issp');
  });

  it('counts the title more than the body', () => {
    const sentence = 'Le Mali annonce un nouveau gouvernement';
    const filler = ' Les marchés mondiaux ont terminé la semaine en hausse, portés par la technologie.'.repeat(30);
    expect(match(sentence, filler).relevant).toBe(true);
    expect(match('Marchés mondiaux', filler + ' ' + sentence + '.').relevant).toBe(false);
  });
});

describe('alert themes come from evidence, not one word (issue 15)', () => {
  it('a coup leader heading a new military council is a coup', () => {
    const m = match('Chad: General Mahamat Déby declares himself head of a new military council', 'The council will govern for 18 months, the army said on state television.');
    expect(m.relevant).toBe(true);
    expect(m.themes).toContain('coup');
    expect(m.evidence).toContainEqual(expect.objectContaining({ alias: 'military council', topic: 'coup', field: 'title' }));
  });

  it("'le président Roch Kaboré serait détenu par l'armée' is a coup: a head of state detained by the army", () => {
    const m = match("Burkina Faso : le président Roch Kaboré serait détenu par l'armée", 'Des tirs ont été entendus dans plusieurs casernes de Ouagadougou.');
    expect(m.themes).toContain('coup');
    expect(m.evidence).toContainEqual(expect.objectContaining({ alias: "président Roch Kaboré serait détenu par l'armée", topic: 'coup', field: 'title' }));
    // Each word alone says nothing: a president, an army, a detention.
    expect(match('Burkina Faso : le président Roch Kaboré reçoit les chefs de l’armée', 'Il a salué le travail des détenus libérés.').themes).not.toContain('coup');
  });

  it.each([
    [
      'an attack claimed in a capital under a junta',
      'JNIM claims attack on gendarmerie school and airport in Bamako',
      "The al-Qaeda affiliate said its fighters struck the capital, the seat of the junta. Mali's junta said the situation was under control and the attackers were being hunted down.",
    ],
    [
      'an army retaking a rebel-held town under the junta',
      'Malian army retakes Kidal from Tuareg rebels',
      "The junta hailed the capture of the rebel stronghold, held by separatists since 2012. Junta leader Colonel Assimi Goïta congratulated the troops; the junta's spokesman said the army now controls the town.",
    ],
  ])('%s is security, not a coup', (_case, title, text) => {
    const m = match(title, text);
    expect(m.relevant).toBe(true);
    expect(m.themes).toContain('security');
    expect(m.themes).not.toContain('coup');
  });

  it('mutinies, power seized, CNSP-like bodies and a transition as the subject are coup evidence', () => {
    expect(match('Niger : mutinerie dans un camp militaire de Niamey').themes).toContain('coup');
    expect(match('Burkina Faso army says it has seized power').themes).toContain('coup');
    expect(match('Niger : le CNSP annonce la suspension de la Constitution').themes).toContain('coup');
    expect(match('"La transition malienne sera dirigée par un civil"', 'Le débat de la semaine.').themes).toContain('coup');
    expect(match('Burkina Faso’s ousted President Kaboré freed', 'The military leaders who ousted him in January released him.').themes).toContain('coup');
  });

  it('a coup named once in passing deep in a long story is not its theme', () => {
    const body = ' Les habitants de la région de Mopti attendent la réouverture des écoles fermées depuis des mois.'.repeat(12);
    const m = match('Mali : la France ferme sa base militaire de Tombouctou', `Les soldats français ont quitté la base mardi.${body} L'annonce avait suivi le coup d'État de mai 2021.${body}`);
    expect(m.relevant).toBe(true);
    expect(m.themes).not.toContain('coup');
    expect(m.themes).toContain('foreign-powers');
  });

  it('an actor stands for its theme: Wagner for foreign powers, the JNIM for security', () => {
    expect(match('Le Burkina dément avoir cédé une mine', 'Le ministre dément l’octroi d’une mine au groupe russe Wagner.').themes).toContain('foreign-powers');
    expect(match('Le JNIM revendique des tirs près de Boulkessi').themes).toContain('security');
  });
});

describe('keyword traps do not fire', () => {
  it('Nigeria and nigérian are not Niger', () => {
    expect(match('Nigerian Senate approves $1.5 bln claim on Shell', 'LAGOS - Nigeria’s Senate asked Shell’s Nigerian unit to pay.').relevant).toBe(false);
    expect(match('Emprisonné, un fraudeur nigérian vole un million de dollars', 'Il purge sa peine au Nigeria.').relevant).toBe(false);
    expect(match("L'armée nigérienne repousse une attaque", 'Les forces nigériennes ont riposté.').countries).toEqual(['NER']);
  });

  it('the Niger Delta, Niger State and the river are not the country', () => {
    const delta = match('Niger Delta militants blow up pipeline', 'Militants in the Niger Delta attacked a Shell pipeline in Bayelsa State.');
    expect(delta.relevant).toBe(false);
    expect(cancelled(delta, 'niger-delta')).toBe(true);
    const fr = match('Pollution pétrolière dans le delta du Niger', 'Les communautés du delta du Niger réclament des compensations au Nigeria.');
    expect(fr.relevant).toBe(false);
    const state = match('Why di Niger State goment don ban okada', 'No more okada for Niger state, especially di capital Minna.');
    expect(state.relevant).toBe(false);
    expect(cancelled(state, 'niger-state')).toBe(true);
    expect(cancelled(match('Pirogue capsizes on the River Niger'), 'niger-river')).toBe(true);
  });

  it("Mali's Inner Niger Delta is Mali", () => {
    expect(match('Floods in the Inner Niger Delta displace thousands', '').countries).toEqual(['MLI']);
  });

  it('Chad followed by a surname is a person', () => {
    for (const title of ['Jets quarterback Chad Pennington to start vs. Texans', 'DHS watchdog: Chad Wolf texts missing', 'Red Hot Chili Peppers drummer Chad Smith joins tribute']) {
      const m = match(title);
      expect(m.relevant).toBe(false);
      expect(cancelled(m, 'given-name')).toBe(true);
    }
    expect(match('30,000 More Sudanese Threaten to Cross to Chad', 'The UN refugee agency warned on Friday.').countries).toContain('TCD');
    expect(match("Chad Army Says Rebels Repelled Near N'Djamena").relevant).toBe(true);
  });

  it('a Title Case headline keeps its Chad when the text names Chad, not when the text names a quarterback', () => {
    expect(match('Chad Holds Presidential Election Amid Boycott', 'Chadians voted on Monday.').countries).toEqual(['TCD']);
    expect(match('Chad Pennington Out For Season With Shoulder Injury', 'Jets quarterback Chad Pennington will miss the season.').relevant).toBe(false);
  });

  it('Sahel before a surname is a person', () => {
    const m = match('Sahel Ahmadi wins poetry prize', 'The Iranian-born poet Sahel Ahmadi was honoured in London.');
    expect(m.relevant).toBe(false);
    expect(cancelled(m, 'given-name')).toBe(true);
    expect(match('Le Sahel Dans la tourmente', '').relevant).toBe(true);
  });

  it('Wagner needs Russian or Sahel context', () => {
    for (const [title, text] of [
      ['MSNBC names Alex Wagner as Maddow successor', '“I’m honored,” Wagner said.'],
      ['Cavaliers activate Wagner again', 'The Cleveland Cavaliers activated Dajuan Wagner off the injured list.'],
      ['Bayreuth opens with a new Tristan', 'The festival devoted to Wagner sold out in minutes.'],
      ['Vente de zones protégées en Amazonie', 'Le sénateur brésilien Jaques Wagner a dénoncé les ventes.'],
    ]) {
      const m = match(title!, text);
      expect(m.relevant).toBe(false);
      expect(m.actors).not.toContain('wagner');
    }
    expect(match('Le Burkina dément avoir cédé une mine', 'Le ministre dément l’octroi d’une mine au groupe russe Wagner.').actors).toContain('wagner');
  });

  it("Tunisia's Sahel is not the Sahel", () => {
    const club = match('Étoile du Sahel beat Espérance in the Tunisian league', 'The Sousse club scored twice.');
    expect(club.relevant).toBe(false);
    expect(cancelled(club, 'etoile-du-sahel')).toBe(true);
    const coast = match('Tourisme : la saison démarre dans le Sahel tunisien', 'Les hôtels de Sousse et de Monastir affichent complet dans le Sahel.');
    expect(coast.relevant).toBe(false);
    expect(cancelled(coast, 'sahel-tunisia')).toBe(true);
  });

  it('French idioms with coup are not coups', () => {
    const m = match('Santé : la meilleure façon de se brosser les dents', "Beaucoup l'ignorent : un coup d'œil, un coup de main, tout à coup un coup de fil, du coup un coup franc.");
    expect(m.themes).not.toContain('coup');
    expect(m.evidence.filter((e) => e.topic === 'coup').every((e) => e.cancelledBy?.startsWith('coup-idiom'))).toBe(true);
    expect(match('Au Niger, les auteurs du coup d’État refusent la médiation').themes).toContain('coup');
    expect(match('Le coup de force des militaires au Burkina', '').themes).toContain('coup');
  });

  it('coups elsewhere are coups, not Sahel news', () => {
    const m = match("Coup d'Etat au Myanmar : l'armée arrête Aung San Suu Kyi", "Le coup d'État intervient après des tensions.");
    expect(m.relevant).toBe(false);
    expect(m.themes).toContain('coup');
    expect(match('Gabon coup leader sworn in as president', 'The junta leader took the oath on Monday.').relevant).toBe(false);
  });

  it('sport pages about Sahel teams and players are not Sahel news', () => {
    for (const [title, text] of [
      ['Mali beat Senegal 2-1 in AFCON quarter-final', 'The Eagles scored late in Yamoussoukro.'],
      ['CAN 2019 : tout savoir des Aigles du Mali', "Le Mali fait partie des équipes finalistes de la compétition."],
      ['Athlétisme : Fabrice Zango, la star du Burkina Faso', 'Il a remporté la première médaille mondiale du Burkina Faso au triple saut.'],
      ['Gambia vs Mali: late penalty earns Gambia a point', 'Mali keeper Ibrahim Mounkoro was beaten from the spot.'],
    ]) {
      const m = match(title!, text);
      expect(m.relevant).toBe(false);
      expect(cancelled(m, 'sport') || cancelled(m, 'team-nickname')).toBe(true);
    }
  });

  it('a dateline or a venue is not what the item is about', () => {
    const dateline = match('Senegal parliament approves budget', "DAKAR (Reuters) - Senegal's parliament approved the 2025 budget on Tuesday.");
    expect(dateline.relevant).toBe(false);
    const niamey = match('AfCFTA: what Nigeria must fix', 'Nigeria signed the agreement at the African Union summit in Niamey, Niger Republic, where heads of state met.');
    expect(niamey.relevant).toBe(false);
    expect(cancelled(niamey, 'venue')).toBe(true);
    const filed = match('Bourse', 'NIAMEY (AFP) - Le prix du cacao a atteint un record à Abidjan et Accra, selon les négociants ivoiriens et ghanéens.');
    expect(cancelled(filed, 'dateline')).toBe(true);
    const label = match('Remaniement', 'MALI : la junte annonce un remaniement. Le gouvernement de transition a été remanié.');
    expect(label.evidence.find((e) => e.alias === 'MALI')).toEqual({ alias: 'MALI', topic: 'MLI', field: 'text', offset: 0 });
  });

  it('a Sahel country in a list of countries is a passing mention', () => {
    const fr = match('Laurent Gbagbo de retour en Côte d\'Ivoire', 'Ses partisans se sont réfugiés au Ghana, au Libéria, au Bénin, en Guinée, au Mali, au Niger, au Nigéria et au Burkina Faso.');
    expect(fr.relevant).toBe(false);
    expect(cancelled(fr, 'list')).toBe(true);
    const en = match('Abortion law across Africa', 'Angola, Congo, Egypt, Madagascar, Mauritania, Senegal and Sierra Leone have laws at odds with the protocol.');
    expect(en.relevant).toBe(false);
    const sahelList = match('Macron convoque cinq présidents', 'Le président français attend les présidents du G5 Sahel, à savoir la Mauritanie, le Mali, le Burkina, le Niger et le Tchad.');
    expect(cancelled(sahelList, 'list')).toBe(false);
    expect(sahelList.relevant).toBe(true);
  });

  it('a headline about another country makes Sahel names in its text background', () => {
    const togo = match('Togo : attaque jihadiste dans la région des Savanes', 'Le GSIM, actif au Burkina Faso voisin, a revendiqué l’attaque contre un poste militaire.');
    expect(togo.relevant).toBe(false);
    expect(togo.actors).toContain('jnim');
    expect(match('Le Bénin accuse le Niger de bloquer le pipeline', 'Niamey refuse de rouvrir la frontière avec Cotonou.').countries).toEqual(['NER']);
  });

  it('a shouted headline is not full of acronyms', () => {
    const m = match('HOW CAN MALI’S JUNTA SURVIVE THE FUEL BLOCKADE?');
    expect(m.relevant).toBe(true);
    expect(m.countries).toEqual(['MLI']);
    expect(match('Burkina : les Étalons qualifiés pour la CAN', 'Les Étalons ont battu le Cap-Vert 2-0.').relevant).toBe(false);
  });

  it("a person's origin is not a story's place", () => {
    const m = match("Un chef d'origine malienne ouvre un restaurant à Lyon", 'Le cuisinier, né à Paris, propose une cuisine fusion.');
    expect(m.relevant).toBe(false);
    expect(cancelled(m, 'origin')).toBe(true);
  });

  it('a namesake is not the leader and an encryption standard is not the AES', () => {
    expect(match('Adama Traoré signs for Fulham', 'The winger Adama Traoré joined on a free.').relevant).toBe(false);
    const aes = match('Why AES-256 encryption still matters', 'The AES standard protects most web traffic.');
    expect(aes.relevant).toBe(false);
    expect(cancelled(aes, 'ambiguous')).toBe(true);
  });

  it('Rommel’s Afrika Korps is history, not Russia’s Africa Corps', () => {
    const m = match('How the Afrika Korps was beaten at El Alamein', 'In 1942 Rommel retreated across Libya.');
    expect(m.actors).not.toContain('africa-corps');
    expect(cancelled(m, 'afrika-korps-ww2')).toBe(true);
  });
});

describe('the result explains itself', () => {
  it('points every piece of evidence at its words', () => {
    const doc = { title: 'Mali’s junta leader Goïta meets Tiani in Niamey', text: 'Beaucoup de coups francs. The Niger Delta is elsewhere.' };
    const m = matchTopics(doc);
    expect(m.evidence.length).toBeGreaterThan(4);
    for (const e of m.evidence) {
      const field = e.field === 'title' ? doc.title : doc.text;
      expect(field.slice(e.offset, e.offset + e.alias.length)).toBe(e.alias);
    }
    expect(m.evidence.find((e) => e.topic === 'goita')).toMatchObject({ alias: 'Goïta', field: 'title' });
    expect(m.evidence.find((e) => e.alias === 'Niger Delta')?.cancelledBy).toMatch(/^niger-delta: /);
  });

  it('answers quietly for nothing, missing text, and a long noisy text', () => {
    expect(matchTopics({ title: '' })).toEqual({ relevant: false, score: 0, countries: [], actors: [], themes: [], evidence: [] });
    expect(matchTopics({ title: 'Mali' }).relevant).toBe(true);
    const noisy = '🇲🇱 \ud83d Ségou ' + 'x'.repeat(200_000);
    expect(() => matchTopics({ title: 'ok', text: noisy })).not.toThrow();
  });

  it('lists subscribable topics with English and French labels', () => {
    const topics = listTopics();
    expect(topics.countries.filter((c) => c.core).map((c) => c.id)).toEqual(['MLI', 'BFA', 'NER', 'TCD', 'MRT']);
    expect(topics.countries.map((c) => c.id)).toEqual(expect.arrayContaining(['SEN', 'NGA', 'CMR', 'SDN']));
    expect(topics.countries.every((c) => c.flag && c.en && c.fr)).toBe(true);
    expect(topics.themes.map((t) => t.id).sort()).toEqual(['climate', 'coup', 'elections', 'foreign-powers', 'humanitarian', 'migration', 'mining-energy', 'security']);
    expect(topics.actors.map((a) => a.id)).toEqual(expect.arrayContaining(['goita', 'bazoum', 'tiani', 'wagner', 'africa-corps', 'jnim', 'issp', 'iswap', 'boko-haram', 'fla', 'csp', 'cma']));
    expect(topics.organisations.map((o) => o.id)).toEqual(expect.arrayContaining(['ecowas', 'aes', 'g5-sahel', 'minusma', 'barkhane']));
    expect(topics.themes.find((t) => t.id === 'coup')).toMatchObject({ en: 'Coups and transitions', fr: "Coups d'État et transitions" });
  });
});
