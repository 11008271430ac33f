// Word lists for story matching (folded, lower case): function words of English and French, capitalised
// words that are not names, and nationality/country variants that rewrites and translations swap freely.

const EN_STOPWORDS = `a about above after again against all almost also although am among an and another any are around as at
be because been before being below between both but by can cannot could did do does doing done down during each either
else even ever every few for from further had has have having he her here hers herself him himself his how however i if in
into is it its itself just least less like made make many may me might more most much must my myself near neither never
no nor not now of off often on once one only or other others our ours ourselves out over own per perhaps rather same
several she should since so some still such than that the their theirs them themselves then there these they this those
though through thus to too toward towards under until up upon us very via was we were what when where whether which while
who whom whose why will with within without would yet you your yours yourself yourselves
said says say saying told tell according reported reports report added adding stated statement asked
new also including include includes included last next first second third week weeks day days month months year years
today yesterday tomorrow time times ago recent recently currently already well back way get got go going went come came
take took taken use used using per cent percent mr mrs ms`;

const FR_STOPWORDS = `a au aux avec ce ces cet cette ceux celle celles celui chez comme contre dans de des du donc dont elle elles
en entre et eux il ils je la le les leur leurs lui ma mais me meme mes moi mon ne ni nos notre nous on ou par parmi pas
pendant peu plus pour pourquoi quand que quel quelle quelles quels qui quoi sa sans se selon ses si son sont sous sur ta
te tes toi ton tous tout toute toutes tres tu un une unes uns vers vos votre vous y c d j l m n qu s t
est etait etaient ete etre sera seront serait sont suis sommes avez avons ont avait avaient aura auront aurait fait faire
fais font peut peuvent doit doivent ainsi alors apres aussi autre autres avant bien car cela ceci deja depuis encore fois
ici jamais lors lorsque maintenant meme moins notamment puis quelque quelques sans seulement soit tandis tant toujours
trop deux trois premier premiere dernier derniere derniers dernieres selon lundi mardi mercredi jeudi vendredi samedi dimanche
annonce indique declare affirme explique precise ajoute rapporte hier demain aujourd hui semaine mois annee annees jour jours
an ans cours fin debut lors vers chez`;

export const STOPWORDS: ReadonlySet<string> = new Set(`${EN_STOPWORDS} ${FR_STOPWORDS}`.split(/\s+/).filter(Boolean));

/** Capitalised for grammar or as a title, not a name: dropped from entity features. */
export const NOT_ENTITIES: ReadonlySet<string> = new Set(
  `monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september
  october november december jan feb mar apr jun jul aug sep sept oct nov dec lundi mardi mercredi jeudi vendredi samedi
  dimanche janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
  president presidents presidente minister ministre prime premier secretary general gen col colonel lt lieutenant sgt capt captain
  commander chief chef king queen prince sir lord dr prof madame monsieur mme mlle mr mrs ms st saint
  interim former acting deputy vice head leader leaders official officials spokesman spokesperson porte parole
  north south east west northern southern eastern western nord sud est ouest
  breaking update updated exclusive video photos photo live direct urgent posted copyright read share`.split(/\s+/).filter(Boolean),
);

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
