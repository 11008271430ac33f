// Word lists for story matching (folded, lower case): function words, capitalised words that are not names
// (both from every language pack, src/lang/), and nationality/country variants that rewrites and translations
// swap freely.
import { PACKS } from '../lang/packs.js';

/** Every language's story stopwords: a story's reports may be in any of them. */
export const STOPWORDS: ReadonlySet<string> = new Set(PACKS.flatMap((p) => p.storyStopwords));

/** Capitalised for grammar or as a title, not a name: dropped from entity features. */
export const NOT_ENTITIES: ReadonlySet<string> = new Set([
  // Every language's weekdays, months (with the abbreviations of running text) and titles.
  ...PACKS.flatMap((p) => [...p.weekdays, ...p.months.flat(), ...p.notNames]),
]);

/** Nationality adjectives, demonyms and French spellings of names mapped to one form (EN base, folded). */
export const NATIONALITY_ALIASES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    malian: 'mali', malians: 'mali', malien: 'mali', malienne: 'mali', maliens: 'mali', maliennes: 'mali',
    nigerien: 'niger', nigeriens: 'niger', nigerienne: 'niger', nigeriennes: 'niger',
    burkinabe: 'burkina', burkinabes: 'burkina', burkinab: 'burkina',
    chad: 'chad', tchad: 'chad', chadian: 'chad', chadians: 'chad', tchadien: 'chad', tchadienne: 'chad', tchadiens: 'chad',
    mauritanie: 'mauritania', mauritanian: 'mauritania', mauritanians: 'mauritania', mauritanien: 'mauritania',
    mauritanienne: 'mauritania', mauritaniens: 'mauritania',
    russie: 'russia', russian: 'russia', russians: 'russia', russe: 'russia', russes: 'russia',
    french: 'france', francais: 'france', francaise: 'france', francaises: 'france',
    algerie: 'algeria', algerian: 'algeria', algerien: 'algeria', algerienne: 'algeria',
    libye: 'libya', libyan: 'libya', libyen: 'libya', libyenne: 'libya',
    nigerian: 'nigeria', nigerians: 'nigeria',
    senegalese: 'senegal', senegalais: 'senegal', senegalaise: 'senegal',
    ghanaian: 'ghana', ghaneen: 'ghana', ghaneenne: 'ghana',
    american: 'usa', americans: 'usa', americain: 'usa', americaine: 'usa', americains: 'usa',
    chinese: 'china', chine: 'china', chinois: 'china', chinoise: 'china',
    ukrainian: 'ukraine', ukrainien: 'ukraine', ukrainienne: 'ukraine',
    turkish: 'turkey', turquie: 'turkey', turc: 'turkey', turque: 'turkey',
    moroccan: 'morocco', maroc: 'morocco', marocain: 'morocco', marocaine: 'morocco',
    german: 'germany', allemagne: 'germany', allemand: 'germany', allemande: 'germany',
    italian: 'italy', italie: 'italy', italien: 'italy', italienne: 'italy',
    cedeao: 'ecowas', ecowas: 'ecowas', islamique: 'islamic', etat: 'state',
    sahelien: 'sahel', sahelienne: 'sahel', saheliens: 'sahel', sahelian: 'sahel',
    // Names French writes its own way.
    poutine: 'putin', moscou: 'moscow', pekin: 'beijing', londres: 'london', bruxelles: 'brussels',
    tombouctou: 'timbuktu', daech: 'isis', isil: 'isis',
  }),
);

/**
 * Countries, continents and world regions (folded, one word each; names as canonicalName() returns them).
 * Nearly every report in a regional feed names its country, so a shared country says little about whether two
 * reports tell one event: these names weigh a quarter of a person's, town's or organisation's, so two reports
 * must share more than their country to be one story.
 */
export const BACKGROUND_NAMES: ReadonlySet<string> = new Set(
  `mali burkina faso niger chad mauritania senegal nigeria cameroon sudan algeria libya morocco tunisia egypt
  ghana togo benin guinea bissau gambia liberia sierra leone ivory coast cote ivoire congo gabon ethiopia eritrea
  somalia kenya uganda tanzania rwanda burundi angola zambia zimbabwe mozambique namibia botswana madagascar
  africa afrique sahel maghreb europe asia america amerique
  france russia usa united states kingdom britain uk china germany italy spain espagne portugal belgium belgique
  ukraine turkey iran iraq syria israel qatar saudi arabia emirates uae india japan canada brazil
  mauritanie tchad cameroun soudan algerie libye maroc tunisie egypte ethiopie somalie`.split(/\s+/).filter(Boolean),
);
