// User-facing strings in English and French. Replies follow the member's locale; posts follow the server's setting.
import { DEFAULT_LANG, isLang, type Lang } from './lang/languages.js';

export { LANGUAGES, isLang, type Lang } from './lang/languages.js';

export const STRINGS = {
  alsoReportedBy: { en: 'Also reported by', fr: 'Également rapporté par' },
  andMore: { en: '+{n} more', fr: '+{n} autres' },
  olderStory: { en: '🕰️ Older story', fr: '🕰️ Histoire ancienne' },
  countries: { en: 'Countries', fr: 'Pays' },
  themes: { en: 'Themes', fr: 'Thèmes' },
  source: { en: 'Source', fr: 'Source' },
  published: { en: 'Published', fr: 'Publié' },
  btnSummary: { en: 'Summary', fr: 'Résumé' },
  btnSources: { en: 'Sources', fr: 'Sources' },
  btnWhy: { en: 'Why', fr: 'Pourquoi' },
  needManageServer: { en: 'You need the Manage Server permission to do that.', fr: 'Il vous faut la permission « Gérer le serveur » pour cela.' },
  guildOnly: { en: 'This command works in a server, not in direct messages.', fr: 'Cette commande fonctionne dans un serveur, pas en message privé.' },
  internalError: { en: 'Something went wrong on our side; the error was logged. Please try again in a minute.', fr: 'Une erreur est survenue de notre côté ; elle a été journalisée. Réessayez dans une minute.' },
  storyFooter: { en: 'Sahel Watch · story #{id}', fr: 'Sahel Watch · histoire #{id}' },
  storyCountOne: { en: '1 story', fr: '1 histoire' },
  storyCountMany: { en: '{n} stories', fr: '{n} histoires' },

  // Channel posts: overflow, digests, notices (the server's language)
  overflowTitleOne: { en: '1 more story (posting limit reached)', fr: '1 autre histoire (limite de publications atteinte)' },
  overflowTitleMany: { en: '{n} more stories (posting limit reached)', fr: '{n} autres histoires (limite de publications atteinte)' },
  overflowRest: { en: '… and {n} more: /sahel latest', fr: '… et {n} autres : /sahel dernieres' },
  digestTitleDaily: { en: 'Daily Sahel digest — {stories}', fr: 'Résumé du jour — {stories}' },
  digestTitleWeekly: { en: 'Weekly Sahel digest — {stories}', fr: 'Résumé de la semaine — {stories}' },
  channelGone: { en: 'the channel no longer exists', fr: 'le salon n’existe plus' },
  channelForbidden: { en: 'the bot may not post there', fr: 'le bot n’a pas le droit d’y publier' },
  channelUnavailableNotice: {
    en: '⚠️ Sahel Watch stopped posting to <#{channel}>: {reason}. Give the bot View Channel, Send Messages and Embed Links there, then run `/sahel subscribe` in that channel again.',
    fr: '⚠️ Sahel Watch a cessé de publier dans <#{channel}> : {reason}. Donnez au bot les permissions « Voir les salons », « Envoyer des messages » et « Intégrer des liens » dans ce salon, puis relancez `/sahel abonner` dans ce salon.',
  },

  // Routing (src/discord/bot.ts, commands/sahel.ts)
  unknownCommand: { en: 'Unknown command /{name}. Ask a server manager to redeploy the commands.', fr: 'Commande inconnue : /{name}. Demandez à un gestionnaire du serveur de redéployer les commandes.' },
  unknownLanguage: { en: 'Unknown language "{value}". Choose one of: {list}.', fr: 'Langue inconnue : « {value} ». Choisissez parmi : {list}.' },
  unknownSubcommand: { en: 'Unknown subcommand {name}.', fr: 'Sous-commande inconnue : {name}.' },
  buttonUnsupported: { en: 'This button is no longer supported.', fr: 'Ce bouton n’est plus pris en charge.' },
  buttonBroken: { en: 'This button is broken (no story number).', fr: 'Ce bouton est défectueux (pas de numéro d’histoire).' },

  // Option validation (src/app)
  unknownCountry: { en: 'Unknown country "{value}". See /sahel topics for the list.', fr: 'Pays inconnu : « {value} ». Voir /sahel sujets pour la liste.' },
  unknownTheme: { en: 'Unknown theme "{value}". See /sahel topics for the list.', fr: 'Thème inconnu : « {value} ». Voir /sahel sujets pour la liste.' },
  urlEmpty: { en: 'Give a URL starting with https://', fr: 'Donnez une URL commençant par https://' },
  urlTooLong: { en: 'That URL is too long ({n} characters; the limit is {max}).', fr: 'Cette URL est trop longue ({n} caractères ; la limite est de {max}).' },
  urlInvalid: { en: 'That is not a valid URL. Give one starting with https://', fr: 'Ce n’est pas une URL valide. Donnez-en une commençant par https://' },
  urlProtocol: { en: 'Only http and https URLs are accepted (got {protocol}).', fr: 'Seules les URL http et https sont acceptées (reçu : {protocol}).' },
  urlCredentials: { en: 'URLs with a user name or password are not accepted.', fr: 'Les URL contenant un nom d’utilisateur ou un mot de passe ne sont pas acceptées.' },

  // /sahel subscribe, unsubscribe, subscriptions, digest preview
  pickChannel: { en: 'Pick a text channel with the channel option.', fr: 'Choisissez un salon textuel avec l’option salon.' },
  badDigestTime: { en: 'digest_time takes a 24-hour time like 08:00 or 18:30 (got "{value}").', fr: 'heure_resume attend une heure sur 24 h comme 08:00 ou 18:30 (reçu : « {value} »).' },
  badTimeZone: { en: 'Unknown time zone "{value}". Use a name like Africa/Bamako, Africa/Niamey or Europe/Paris.', fr: 'Fuseau horaire inconnu : « {value} ». Utilisez un nom comme Africa/Bamako, Africa/Niamey ou Europe/Paris.' },
  roleNotMentionable: {
    en: 'I can\'t ping <@&{role}> in <#{channel}>: the role is not mentionable and I don\'t have the Mention @everyone, @here and All Roles permission there, so the alert would be silent. Either turn on “Allow anyone to @mention this role” (Server Settings → Roles → that role), or give me Mention @everyone, @here and All Roles in that channel; then run `/sahel subscribe` again.',
    fr: 'Je ne peux pas mentionner <@&{role}> dans <#{channel}> : ce rôle n’est pas mentionnable et je n’ai pas la permission « Mentionner @everyone, @here et tous les rôles » dans ce salon, l’alerte serait donc silencieuse. Activez « Permettre à tout le monde de @mentionner ce rôle » (Paramètres du serveur → Rôles → ce rôle), ou accordez-moi « Mentionner @everyone, @here et tous les rôles » dans ce salon, puis relancez `/sahel abonner`.',
  },
  noEveryonePing: { en: 'Pinging @everyone is not allowed; pick a role.', fr: 'Mentionner @everyone n’est pas autorisé ; choisissez un rôle.' },
  cannotPost: { en: 'I can\'t post in <#{channel}>: give me {permissions} there, then try again.', fr: 'Je ne peux pas publier dans <#{channel}> : accordez-moi {permissions} dans ce salon, puis réessayez.' },
  permViewChannel: { en: 'View Channel', fr: '« Voir les salons »' },
  permSendMessages: { en: 'Send Messages', fr: '« Envoyer des messages »' },
  permEmbedLinks: { en: 'Embed Links', fr: '« Intégrer des liens »' },
  subscribed: {
    en: '✅ <#{channel}> will receive new Sahel stories {filters} from {feeds}. New stories appear as they are published; nothing already published is re-posted.',
    fr: '✅ <#{channel}> recevra les nouvelles histoires du Sahel {filters} depuis {feeds}. Elles apparaissent à mesure qu’elles sont publiées ; rien de déjà publié n’est republié.',
  },
  subscribedDigest: {
    en: '✅ <#{channel}> will receive new Sahel stories {filters} from {feeds}. New stories are gathered and posted together at that time; nothing already published is re-posted.',
    fr: '✅ <#{channel}> recevra les nouvelles histoires du Sahel {filters} depuis {feeds}. Elles sont rassemblées et publiées ensemble à cette heure-là ; rien de déjà publié n’est republié.',
  },
  feedCountOne: { en: '1 feed', fr: '1 flux' },
  feedCountMany: { en: '{n} feeds', fr: '{n} flux' },
  subscribeNextPoll: { en: 'The next feed check is due {when}.', fr: 'Le prochain relevé des flux est prévu {when}.' },
  subscribePreview: { en: '👀 **Preview, not posted:** the latest matching story, as <#{channel}> will show stories like it.', fr: '👀 **Aperçu, non publié :** la dernière histoire correspondante, telle que <#{channel}> affichera les suivantes.' },
  subscribeNoPreview: { en: 'No stored story matches these filters yet, so there is nothing to preview.', fr: 'Aucune histoire enregistrée ne correspond encore à ces filtres : rien à prévisualiser.' },
  filterCountries: { en: 'about {countries}', fr: 'sur {countries}' },
  filterAllCountries: { en: 'about every Sahel country', fr: 'sur tous les pays du Sahel' },
  filterThemes: { en: 'on {themes}', fr: 'thèmes : {themes}' },
  filterMinScore: { en: 'with score ≥ {n}', fr: 'score ≥ {n}' },
  filterRehash: { en: 'including older stories (labelled)', fr: 'histoires anciennes comprises (signalées)' },
  filterDigestDaily: { en: 'as a daily digest at {time} {zone}', fr: 'en résumé quotidien à {time} {zone}' },
  filterDigestWeekly: { en: 'as a weekly digest at {time} {zone}', fr: 'en résumé hebdomadaire à {time} {zone}' },
  filterRole: { en: 'pinging <@&{role}>', fr: 'en mentionnant <@&{role}>' },
  noSubscription: { en: '<#{channel}> has no subscription.', fr: '<#{channel}> n’a pas d’abonnement.' },
  channelOtherServer: { en: '<#{channel}> is not a channel of this server.', fr: '<#{channel}> n’est pas un salon de ce serveur.' },
  notDigest: { en: '<#{channel}> gets stories as they come, not a digest. Subscribe it with mode:digest first.', fr: '<#{channel}> reçoit les histoires au fil de l’eau, pas en résumé. Abonnez-le d’abord avec un mode résumé.' },
  unsubscribed: { en: '🔕 <#{channel}> will no longer receive Sahel stories.', fr: '🔕 <#{channel}> ne recevra plus les histoires du Sahel.' },
  noSubscriptions: { en: 'No channel here is subscribed yet. A server manager can run `/sahel subscribe` in a channel.', fr: 'Aucun salon de ce serveur n’est encore abonné. Un gestionnaire du serveur peut lancer `/sahel abonner` dans un salon.' },
  subscriptionStopped: { en: ' — ⚠️ stopped: {reason}', fr: ' — ⚠️ arrêté : {reason}' },
  channelUnavailable: { en: 'channel unavailable', fr: 'salon indisponible' },
  digestPreviewEmpty: { en: 'The next digest for <#{channel}> is due {when}; no story has been collected for it yet.', fr: 'Le prochain résumé de <#{channel}> est prévu {when} ; aucune histoire n’a encore été retenue pour lui.' },
  digestPreview: { en: 'Next digest for <#{channel}>, due {when}, would contain {stories}:', fr: 'Prochain résumé de <#{channel}>, prévu {when}, contiendrait {stories} :' },

  // /sahel feeds
  noFeeds: { en: 'This server follows no feeds. A server manager can add one with `/sahel feeds add`.', fr: 'Ce serveur ne suit aucun flux. Un gestionnaire du serveur peut en ajouter un avec `/sahel flux ajouter`.' },
  feedsTitle: { en: 'Feeds ({n})', fr: 'Flux ({n})' },
  feedOk: { en: 'ok {when}', fr: 'relevé {when}' },
  feedPaused: { en: 'paused: {reason}', fr: 'en pause : {reason}' },
  feedPausedNotice: {
    en: '⚠️ Feed paused: {feed} failed {failures} times in a row ({error}). A server manager can resume it with `/sahel feeds resume` once it works again, or remove it with `/sahel feeds remove`.',
    fr: '⚠️ Flux mis en pause : {feed} a échoué {failures} fois de suite ({error}). Un gestionnaire du serveur peut le relancer avec `/sahel flux reprendre` quand il fonctionne de nouveau, ou le retirer avec `/sahel flux retirer`.',
  },
  feedStatusTitle: { en: 'Feed {id} · {name}', fr: 'Flux {id} · {name}' },
  feedStatusHealthy: { en: '✅ healthy', fr: '✅ en bonne santé' },
  feedStatusFailing: { en: '⚠️ failing ({n} in a row)', fr: '⚠️ en échec ({n} de suite)' },
  feedStatusPaused: { en: '⏸️ paused {when}', fr: '⏸️ en pause {when}' },
  feedStatusNew: { en: '🕓 not polled yet', fr: '🕓 pas encore relevé' },
  feedFieldState: { en: 'State', fr: 'État' },
  feedFieldLastPoll: { en: 'Last poll', fr: 'Dernier relevé' },
  feedFieldLastSuccess: { en: 'Last success', fr: 'Dernier succès' },
  feedFieldNextPoll: { en: 'Next poll', fr: 'Prochain relevé' },
  feedFieldItems: { en: 'Items in the last poll', fr: 'Articles au dernier relevé' },
  feedFieldError: { en: 'Last error', fr: 'Dernière erreur' },
  feedFieldValidators: { en: 'Conditional GET', fr: 'GET conditionnel' },
  feedNever: { en: 'never', fr: 'jamais' },
  feedsAllHealthy: { en: '✅ All {n} feeds answered at their last poll.', fr: '✅ Les {n} flux ont répondu à leur dernier relevé.' },
  feedsAttention: { en: '{n} of {total} feeds need attention', fr: '{n} flux sur {total} à surveiller' },
  feedResumeHint: { en: 'A server manager can resume it with `/sahel feeds resume`.', fr: 'Un gestionnaire du serveur peut le relancer avec `/sahel flux reprendre`.' },
  feedFailures: { en: '{n} failures: {error}', fr: '{n} échecs : {error}' },
  feedAdded: { en: '✅ Now following **{name}**{via}: {url}. Its current items are stored, not posted; new ones will be.', fr: '✅ Ce serveur suit désormais **{name}**{via} : {url}. Ses articles actuels sont enregistrés sans être publiés ; les nouveaux le seront.' },
  feedFoundFrom: { en: ' (found from the page {page})', fr: ' (trouvé depuis la page {page})' },
  feedAlreadyFollowed: { en: 'This server already follows **{name}**.', fr: 'Ce serveur suit déjà **{name}**.' },
  feedRemoved: { en: '🗑️ No longer following **{name}**.', fr: '🗑️ Ce serveur ne suit plus **{name}**.' },
  feedResumed: { en: '▶️ Resumed **{name}**; it will be polled at the next tick.', fr: '▶️ **{name}** a repris ; il sera relevé au prochain passage.' },
  feedNotFollowed: { en: 'This server does not follow {feed}. See /sahel feeds list.', fr: 'Ce serveur ne suit pas {feed}. Voir /sahel flux liste.' },
  feedCouldNotAdd: { en: 'Could not add {url}: {error}', fr: 'Impossible d’ajouter {url} : {error}' },
  feedCapReached: { en: 'This server already follows {max} feeds of its own, the most it may add. Remove one with `/sahel feeds remove`, then add this one.', fr: 'Ce serveur suit déjà {max} flux ajoutés par lui, le maximum. Retirez-en un avec `/sahel flux retirer`, puis ajoutez celui-ci.' },
  feedNotAFeed: { en: '{url} is not an RSS or Atom feed and the page names no working feed (<link rel="alternate">). Paste the feed\'s own URL.', fr: '{url} n’est pas un flux RSS ou Atom et la page n’indique aucun flux valide (<link rel="alternate">). Collez l’URL du flux lui-même.' },

  // /sahel latest, search, story, why, topics, summary
  countRange: { en: 'count must be between 1 and 10.', fr: 'nombre doit être compris entre 1 et 10.' },
  latestEmpty: { en: 'No Sahel stories stored yet for that choice. Feeds are polled every few minutes; try again later.', fr: 'Aucune histoire du Sahel enregistrée pour ce choix. Les flux sont relevés toutes les quelques minutes ; réessayez plus tard.' },
  latestTitle: { en: 'Latest Sahel stories', fr: 'Dernières histoires du Sahel' },
  sourceCount: { en: '{n} sources', fr: '{n} sources' },
  listMore: { en: '… and {n} more that did not fit here', fr: '… et {n} de plus qui ne tiennent pas ici' },
  badSince: { en: 'since takes a duration like 24h, 7d, 2w or a date like 2024-06-01.', fr: 'depuis attend une durée comme 24h, 7d, 2w ou une date comme 2024-06-01.' },
  searchEmptyQuery: { en: 'Type something to search for.', fr: 'Tapez quelque chose à chercher.' },
  searchTooLong: { en: 'That search is too long ({n} characters; the limit is {max}).', fr: 'Cette recherche est trop longue ({n} caractères ; la limite est de {max}).' },
  searchNoMatch: { en: 'No stored item matches “{query}”.', fr: 'Aucun article enregistré ne correspond à « {query} ».' },
  searchTitle: { en: 'Search: {query}', fr: 'Recherche : {query}' },
  noStory: { en: 'No story #{id}.', fr: 'Aucune histoire #{id}.' },
  noStoryHint: { en: 'No story #{id}. Story numbers are shown under each post and in /sahel latest.', fr: 'Aucune histoire #{id}. Les numéros d’histoire figurent sous chaque publication et dans /sahel dernieres.' },
  noItemHint: { en: 'No item #{id}. Story numbers are shown under each post and in /sahel latest.', fr: 'Aucun article #{id}. Les numéros d’histoire figurent sous chaque publication et dans /sahel dernieres.' },
  sourcesHead: { en: '{n} source(s), first on', fr: '{n} source(s), première le' },
  joinLine: { en: 'joined as {reason} ({similarity})', fr: 'rattachée comme {reason} ({similarity})' },
  joinShared: { en: 'shares', fr: 'en commun' },
  joinLineHidden: { en: 'joined as {reason}', fr: 'rattachée comme {reason}' },
  joinNothingShared: { en: 'no name, number or date in common', fr: 'aucun nom, nombre ni date en commun' },
  joinReason_url: { en: 'the same link', fr: 'le même lien' },
  joinReason_title: { en: 'the same headline', fr: 'le même titre' },
  'joinReason_near-duplicate': { en: 'a reprint', fr: 'une reprise' },
  'joinReason_close-rewrite': { en: 'a close rewrite', fr: 'une réécriture proche' },
  joinReason_rewrite: { en: 'another report of the event', fr: 'un autre récit de l’événement' },
  whyJoined: { en: 'Story', fr: 'Histoire' },
  whyDecidedOnArticle: { en: 'judged on the article page (the feed gave only a teaser)', fr: 'jugé sur la page de l’article (le flux n’en donnait qu’un extrait)' },
  badWhyRef: { en: 'Give a story number like 42 (shown under each post), or item:123 for a single item.', fr: 'Donnez un numéro d’histoire comme 42 (sous chaque publication), ou item:123 pour un seul article.' },
  whyNoAnalysis: { en: 'No topic analysis is stored for this item.', fr: 'Aucune analyse enregistrée pour cet élément.' },
  whyRelevant: { en: '✅ About the Sahel', fr: '✅ Concerne le Sahel' },
  whyNotRelevant: { en: '❌ Not about the Sahel', fr: '❌ Ne concerne pas le Sahel' },
  whyScore: { en: 'score {score}', fr: 'score {score}' },
  whyFieldTitle: { en: 'title', fr: 'titre' },
  whyFieldText: { en: 'text', fr: 'texte' },
  whyCancelled: { en: 'cancelled: {by}', fr: 'annulé : {by}' },
  whyCountries: { en: 'Countries: {list}', fr: 'Pays : {list}' },
  whyThemes: { en: 'Themes: {list}', fr: 'Thèmes : {list}' },
  whyMatched: { en: 'Matched', fr: 'Correspondances' },
  whyCancelledByContext: { en: 'Cancelled by context', fr: 'Écartées par le contexte' },
  topicsTitle: { en: 'Topics Sahel Watch knows', fr: 'Sujets suivis' },
  topicsCoreCountries: { en: 'Countries (core)', fr: 'Pays (cœur)' },
  topicsWiderCountries: { en: 'Countries (wider, opt-in)', fr: 'Pays (élargi, sur demande)' },
  organisations: { en: 'Organisations', fr: 'Organisations' },
  actors: { en: 'Actors', fr: 'Acteurs' },
  summaryFooter: { en: 'Automatic summary — check the source', fr: 'Résumé automatique — vérifiez la source' },
  summaryBusyMember: { en: 'Your previous summary is still being made. Wait for it, then try again.', fr: 'Votre résumé précédent est encore en cours. Attendez-le, puis réessayez.' },
  summaryBusy: { en: 'Sahel Watch is busy summarising other pages. Please try again in a minute.', fr: 'Sahel Watch est occupé à résumer d’autres pages. Réessayez dans une minute.' },
  summariesUnavailable: { en: 'Summaries of web pages are not available on this bot.', fr: 'Les résumés de pages web ne sont pas disponibles sur ce bot.' },

  // /sahel settings language (answered in the language just chosen)
  languageSet: { en: '✅ Posts and digests in this server will be in English.', fr: '✅ Les publications et résumés de ce serveur seront en français.' },

  // /sahel status
  statusTitle: { en: 'Sahel Watch status', fr: 'État de Sahel Watch' },
  statusNoCycle: { en: 'no poll cycle has finished since the bot started', fr: 'aucun cycle de relevé terminé depuis le démarrage du bot' },
  statusFeeds: { en: '**Feeds:** {total} ({healthy} healthy, {failing} failing, {paused} paused)', fr: '**Flux :** {total} ({healthy} en bonne santé, {failing} en échec, {paused} en pause)' },
  statusPolling: { en: '**Polling:** {cycle}', fr: '**Relevés :** {cycle}' },
  statusStored: { en: '**Stored:** {items} in {stories}', fr: '**Enregistré :** {items} dans {stories}' },
  statusWindow: { en: 'last {minutes} min: {feeds} polled, {failed} failed; new: {items} in {stories}', fr: '{minutes} dernières min : {feeds} relevés, {failed} en échec ; nouveau : {items} dans {stories}' },
  statusNextPoll: { en: 'next feed check {when}', fr: 'prochain relevé {when}' },
  itemCountOne: { en: '1 item', fr: '1 article' },
  itemCountMany: { en: '{n} items', fr: '{n} articles' },
  statusDeliveries: { en: '**Deliveries:** {sent} posted, {pending} waiting', fr: '**Publications :** {sent} envoyées, {pending} en attente' },
  statusEventLoop: { en: '**Event loop:** delay p99 {p99} ms, max {max} ms over the last {minutes} min', fr: '**Boucle d’événements :** retard p99 {p99} ms, max {max} ms sur les {minutes} dernières min' },
  statusProcesses: { en: '**Processes:** PostgreSQL; story writer {writer}, sender {sender}', fr: '**Processus :** PostgreSQL ; rédacteur des sujets {writer}, expéditeur {sender}' },
  statusRoleActive: { en: 'active', fr: 'actif' },
  statusRoleMissing: { en: 'missing (no process holds it: news waits)', fr: 'absent (aucun processus ne le tient : les nouvelles attendent)' },
  statusSubscriptions: { en: '**Subscriptions here:** {n}{broken}', fr: '**Abonnements ici :** {n}{broken}' },
  statusSomeStopped: { en: ' (some stopped: see /sahel subscriptions)', fr: ' (certains arrêtés : voir /sahel abonnements)' },
  statusAttention: { en: '**Feeds needing attention:**', fr: '**Flux à surveiller :**' },
  // /sahel help
  help: {
    en: [
      '**Sahel Watch** follows news about Mali, Burkina Faso, Niger, Chad and Mauritania from dozens of outlets, keeps what is about the Sahel, recognises the same story across outlets and posts each story once.',
      '',
      '**Reading** (everyone)',
      '`/sahel latest [count] [country] [theme]` — the latest stories',
      '`/sahel search <query> [since]` — search stored items (e.g. `since:7d`)',
      '`/sahel story <id>` — every source of a story and its timeline',
      '`/sahel summary <url>` — summarise any article',
      '`/sahel why <id>` — why a story was judged about the Sahel',
      '`/sahel topics` — countries and themes you can filter on',
      '`/sahel subscriptions`, `/sahel feeds list`, `/sahel feeds status [feed]`, `/sahel status`',
      '',
      '**Managing** (Manage Server)',
      '`/sahel subscribe [channel] [countries] [themes] [min_score] [older_stories]` — post stories in a channel',
      '`/sahel unsubscribe [channel]`',
      '`/sahel feeds add <url>` / `remove <feed>` / `resume <feed>`',
      '`/sahel settings language <en|fr>` — language of posts in this server',
    ].join('\n'),
    fr: [
      '**Sahel Watch** suit l’actualité du Mali, du Burkina Faso, du Niger, du Tchad et de la Mauritanie dans des dizaines de médias, garde ce qui concerne le Sahel, reconnaît la même histoire d’un média à l’autre et la publie une seule fois.',
      '',
      '**Lire** (tout le monde)',
      '`/sahel dernieres [nombre] [pays] [theme]` — les dernières histoires',
      '`/sahel recherche <requete> [depuis]` — chercher dans les articles (ex. `depuis:7d`)',
      '`/sahel histoire <numero>` — toutes les sources d’une histoire',
      '`/sahel resume <url>` — résumer un article',
      '`/sahel pourquoi <id>` — pourquoi une histoire concerne le Sahel',
      '`/sahel sujets` — pays et thèmes disponibles',
      '`/sahel abonnements`, `/sahel flux liste`, `/sahel flux etat [flux]`, `/sahel etat`',
      '',
      '**Gérer** (Gérer le serveur)',
      '`/sahel abonner [salon] [pays] [themes] [score_min] [anciennes]` — publier dans un salon',
      '`/sahel desabonner [salon]`',
      '`/sahel flux ajouter <url>` / `retirer <flux>` / `reprendre <flux>`',
      '`/sahel reglages langue <en|fr>` — langue des publications',
    ].join('\n'),
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type StringKey = keyof typeof STRINGS;

export function t(lang: Lang, key: StringKey, vars: Record<string, string | number> = {}): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

/** "1 story", "6 stories" / "1 histoire", "6 histoires". */
export function storyCount(lang: Lang, n: number): string {
  return n === 1 ? t(lang, 'storyCountOne') : t(lang, 'storyCountMany', { n });
}

/** "1 item", "6 items" / "1 article", "6 articles". */
export function itemCount(lang: Lang, n: number): string {
  return n === 1 ? t(lang, 'itemCountOne') : t(lang, 'itemCountMany', { n });
}

/** "1 feed", "6 feeds" / "1 flux", "6 flux". */
export function feedCount(lang: Lang, n: number): string {
  return n === 1 ? t(lang, 'feedCountOne') : t(lang, 'feedCountMany', { n });
}

/** Discord locales ("fr", "en-US", …) to ours, by the primary subtag; a locale we do not speak gets DEFAULT_LANG. */
export function langOf(locale: string | null | undefined): Lang {
  const primary = locale?.toLowerCase().split('-')[0];
  return isLang(primary) ? primary : DEFAULT_LANG;
}
