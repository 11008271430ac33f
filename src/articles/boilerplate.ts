// What page furniture looks like, in English and French (with the commonest German labels): container
// names to prune before Readability, and whole lines that are never an article's own words.

/**
 * Class/id/role words of containers that hold furniture rather than the story. Matched as whole words
 * of the attribute (camelCase and kebab/snake-case split), so "comments" matches but "commentary" does not.
 */
const FURNITURE_WORDS = [
  'share', 'shares', 'sharing', 'sharebar', 'sharetools', 'social', 'socials', 'sociallinks', 'follow',
  'newsletter', 'newsletters', 'subscribe', 'subscription', 'subscriptions', 'signup', 'paywall', 'regwall', 'premium-banner',
  'related', 'relatedlinks', 'recommended', 'recommendation', 'recommendations', 'recirc', 'recirculation',
  'popular', 'trending', 'mostread', 'most-read', 'most-popular', 'most-viewed', 'read-next', 'read-also', 'more-stories', 'more-news', 'more-articles', 'see-also', 'also-read',
  'promo', 'promos', 'promotion', 'advert', 'adverts', 'advertisement', 'advertising', 'ad', 'ads', 'adslot', 'adunit',
  'ad-slot', 'ad-unit', 'ad-container', 'ad-wrapper', 'dfp', 'gpt', 'sponsor', 'sponsored', 'outbrain', 'taboola',
  'cookie', 'cookies', 'consent', 'gdpr', 'cmp',
  'breadcrumb', 'breadcrumbs', 'tags', 'tag-list', 'taglist', 'keywords', 'categories',
  'comments', 'comment-list', 'comment-form', 'disqus', 'respond',
  'author-bio', 'author-box', 'author-info', 'authorbio', 'bio', 'byline', 'bylines', 'dateline',
  'caption', 'captions', 'credit', 'credits', 'figcaption', 'photo-credit',
  'sidebar', 'rail', 'right-rail', 'modal', 'popup', 'overlay', 'toolbar', 'tooltip', 'lightbox',
  'skiplink', 'skip-link', 'skip-links', 'skip-to-content', 'sr-only', 'visually-hidden', 'screen-reader-text',
  'nav', 'navbar', 'navigation', 'menu', 'masthead', 'footer', 'site-footer', 'site-header',
  'pagination', 'pager', 'pullquote', 'pull-quote', 'video-player',
  'partage', 'partager', 'abonnement', 'abonnes', 'publicite', 'pub', 'lire-aussi', 'a-lire', 'voir-aussi',
];

const FURNITURE_ATTRIBUTE = new RegExp(
  `(?:^|[^a-z0-9])(?:${FURNITURE_WORDS.map((w) => w.replace(/-/g, '[-_]?')).join('|')})(?:$|[^a-z0-9])`,
);

/**
 * Lower-cases an attribute and marks camelCase humps as word breaks ("shareBar" → "share-bar"). BEM
 * modifiers that say what a block contains ("section--has-ads", "Section--Ads") go: they are not what it is.
 */
function attributeWords(value: string): string {
  return value
    .replace(/--(?:(?:has|with|no|is|contains)[-_][\w-]*|ads?\b)/gi, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
}

export function isFurnitureAttribute(value: string): boolean {
  return value.length > 0 && value.length < 300 && FURNITURE_ATTRIBUTE.test(attributeWords(value));
}

const SOCIAL_WORDS = new Set([
  'share', 'shares', 'partager', 'partagez', 'partage', 'teilen', 'tweet', 'retweet', 'email', 'e-mail', 'mail', 'print',
  'imprimer', 'facebook', 'twitter', 'x', 'linkedin', 'whatsapp', 'telegram', 'messenger', 'pinterest', 'reddit',
  'flipboard', 'pocket', 'tumblr', 'sms', 'copy', 'copier', 'link', 'lien', 'le', 'the', 'via', 'on', 'sur', 'this',
  'article', 'story', 'post', 'cet', 'comment', 'comments', 'commenter', 'commentaires', 'more', 'plus', 'save',
  'sauvegarder', 'bookmark', 'gift', 'offrir', 'url', 'copied', 'copié', 'instagram', 'youtube', 'tiktok', 'follow',
  'us', 'suivez', 'nous', 'f', 'in', 'and', 'et', 'or', 'ou',
]);

const LINE_PATTERNS: RegExp[] = [
  // Share and follow tools.
  /^(share|sharing|partager|partagez|teilen)\b.{0,60}$/i,
  /^(copy|copier) (the )?(link|le lien)\b/i,
  /^(follow|suivez|abonnez-vous à|rejoignez)(-nous| us)?\b.{0,80}\b(on|sur|twitter|facebook|instagram|x|telegram|whatsapp|linkedin|google news)\b/i,
  // Newsletters, subscriptions, paywalls, sign-in.
  /\b(newsletters?|infolettres?|lettre d'information)\b/i,
  /^(sign up|sign in|log in|login|register|subscribe|s'abonner|abonnez-vous|inscrivez-vous|se connecter|connectez-vous|je m'abonne|already a (subscriber|member)|déjà abonné)\b/i,
  /\b(subscribe|subscribers?|subscription|abonné(e)?s?|abonnement)\b.{0,80}\b(continue|read|reading|access|unlimited|lire|accès|article|offer|offre|réservé|reserved)\b/i,
  /^(il vous reste|the rest of this article|this article is (reserved|for subscribers)|cet article est réservé|contenu réservé|you have (\d+|one) free articles?|you've reached your|vous avez atteint)\b/i,
  // "Read also" and lists of other stories.
  /^(read|see|watch|listen|lire|voir|à voir|a voir|regarder|écouter|lesen sie|siehe) (also|more|next|aussi|également|auch|plus)\b/i,
  /^(also read|also see|related( articles| stories| coverage| content| topics| links| reading)?|more on this( story)?|more from|more stories|more news|more articles|recommended( for you| stories| articles)?|you (may|might) (also )?like|editors?'?s? picks|top stories|most (read|popular|viewed|shared)|latest (news|stories|articles|headlines|videos|development|updates)|trending( now| stories)?|what to read next|sur le même sujet|dans la même rubrique|les plus lus|les plus partagés|à la une|à lire (aussi|également|ensuite)|a lire (aussi|également)|lire la suite|voir plus|voir aussi|nos derniers articles|derniers articles|dernières (nouvelles|actualités|infos|publications)|en continu|mehr zum thema|das könnte sie auch interessieren|weitere artikel|auch interessant)\b.{0,120}$/i,
  /^(read|lire|voir)\s?:/i,
  /^(on|sur) [\w.-]+\.(com|net|org|fr|co\.uk|info|africa)\s?:/i,
  /^((previous|next) (article|post|story|page)|article (précédent|suivant)|(vorheriger|nächster) (artikel|beitrag)|empfohlene (beiträge|artikel)|weiterführende links?|vorschau auf den nächsten (artikel|beitrag)|das (thema )?könnte dich auch interessieren)\b.{0,120}$/i,
  // Advertising and "story continues" markers.
  /^[-–—\s]*(advertisement|advertising|ad|ads|sponsored( content)?|paid content|partner content|publicité|pub|annonce|anzeige|werbung|contenu (sponsorisé|partenaire)|story continues below|article continues below( advertisement)?|continue reading( below| the main story)?|la suite après (la|cette) publicité|suite de l'article ci-dessous|lecture (de l'article )?(ci-dessous|en cours))[-–—.:\s]*$/i,
  // Post metadata, feedback and rating widgets.
  /^(this (entry|post|article) was (posted|published|filed)|posted in|filed (in|under)|cet article a été publié|dieser (beitrag|artikel) wurde|der beitrag wurde am|erstellt am|veröffentlicht am)\b.{0,160}$/i,
  /^(if you (enjoyed|liked) (reading )?this|did you (enjoy|like) this|was this (article|post|page)? ?(helpful|useful)|(cet article|ce contenu) vous a(-t-il)? (plu|été utile)|vous avez aimé cet article|war (der|dieser) (artikel|beitrag) (nützlich|hilfreich)|möchten sie (den|diesen) (artikel|beitrag) teilen)\b.{0,160}$/i,
  /^\(?(no ratings yet|not yet rated|noch keine bewertungen?|aucun vote|pas encore de note|rate this( article| post)?|noter cet article|\d+ (votes?|ratings?|bewertungen))\)?\.?$/i,
  /^(last (modified|updated)|zuletzt (geändert|aktualisiert)|dernière (mise à jour|modification)|letzte änderung)\b.{0,60}$/i,
  /^(we want to hear|let us know|tell us) what you think\b|^(donnez|dites)-nous votre avis\b|^(hier können sie|rate|bewerten sie) (den|diesen|this) (artikel|beitrag|article)\b|\barticle (bewerten|noter)\b/i,
  /^(dieser|der) (text|beitrag|artikel) (wurde|ist) (am |zuerst )?(veröffentlicht|erschienen)|^(this (article|story) (was|first) (originally )?(published|appeared))\b|^(cet article a (été )?(initialement|d'abord) (été )?publié)\b/i,
  /\b(download|herunterladen|télécharger)\b.{0,40}\bpdf\b|\bpdf\b.{0,40}\b(download|herunterladen|télécharger)\b/i,
  /\b(affiliate (links?|commission)|we (may )?(earn|receive) a (small )?commission|this (post|article) contains (affiliate )?(links|references to products)|liens? affiliés?|affiliate-links?|provisionslinks?)\b/i,
  /\b(must be (logged in|registered) to (post a )?comment|(angemeldet|eingeloggt) sein,? um (kommentare|einen kommentar) zu schreiben|connectez-vous pour commenter|vous devez être connecté pour (publier un )?commenter)\b/i,
  // Server errors leaking into the page.
  /^(warning|notice|deprecated|fatal error|parse error)\s?:.{0,300}\b(on line \d+|in \/\S+)/i,
  // Cookies and consent.
  /\bcookies?\b.{0,160}\b(use|uses|using|accept|consent|policy|settings|preferences|utilise|utilisons|accepte[rz]?|consentement|politique|paramètres|préférences)\b/i,
  /\b(we|nous) (use|utilisons) (cookies|des cookies|traceurs)\b/i,
  // Copyright and legal lines.
  /^(©|\(c\)|copyright\b)/i,
  /\b(all rights reserved|tous droits réservés|droits de reproduction|alle rechte vorbehalten)\b/i,
  /\b(this (material|article|content) may not be (published|reproduced|broadcast|rewritten|redistributed))\b/i,
  /\b(this (document|article|content) is subject to copyright|no part may be reproduced)\b/i,
  /^(citation|cite this( article)?|to cite this (article|page)|pour citer cet article)\s?:/i,
  // Photo captions and credits.
  /^(photo|photos|image|images|picture|pictures|video|vidéo|illustration|graphic|infographic|credit|crédit|crédits|photograph|file photo|caption|légende|bildquelle|foto)s?\s?(credit|crédit)?\s?[:/|©]/i,
  /^((crédits?|credits?) (photos?|images?)|titelbild|beitragsbild|bildnachweis|bild|fotos?)\s?:/i,
  /^(photo(graph)?s? (by|courtesy)|images? courtesy|courtesy of|photo de|photographie de)\b.{0,100}$/i,
  /^(credits?|crédits?|beitragsbild|titelbild)\s?:?$/i,
  /\b(getty images|afp via getty|shutterstock|ap photo|reuters\/|epa-efe|photo credit|image credit|image source|crédit photo|photo d'illustration)\b/i,
  /(credit|crédit|photo|source)\s?:\s?[\p{Lu}][^.!?]{0,60}$/u,
  /^(image|photo|slide)?\s?\d+\s?(of|sur|\/)\s?\d+$/i,
  // Reading aids and page chrome.
  /^(skip to (main )?content|aller au contenu|menu|search|rechercher|close|fermer|caption|expand|zoom|loading\.*|chargement\.*|home|accueil|back to top|retour en haut|previous|next|précédent|suivant|print|imprimer|font size|text size|taille du texte|listen( to this article)?|écouter( cet article)?|play|lecture|toggle .{0,40})$/i,
  /^(\d+\s?(min|minutes?|mn)\s?(read|de lecture|lesezeit)|(reading time|temps de lecture|lesezeit)\s?:?.{0,20})$/i,
  /^(tags?|topics?|mots[- ]clés|thèmes?|catégories?|categories|filed under|schlagworte|keywords)\s?:/i,
  /^(\d+\s)?(comments?|commentaires?|kommentare?|leave a (comment|reply)|laisser un commentaire|réagir|add a comment|join the (conversation|discussion)|show comments|voir les commentaires|(write|post) a comment|écrire un commentaire|kommentar(e)? schreiben|comments are closed|les commentaires sont fermés|kommentare (sind )?geschlossen)\.?$/i,
  /^(load|show|see|view) more( articles| stories| news| results)?$|^(charger|afficher|voir) plus( d'articles)?$|^(lade|weitere) (weitere )?inhalte( laden)?$|^(zurück|retour|back)$/i,
  /^(download|téléchargez) (our|the|notre|l') (free )?(app|application)\b/i,
  /^(click here|cliquez ici|tap here)\b/i,
  /spot_img/,
  /^(related|recommended|sponsored|more)$/i,
];

/** True for a line that is page furniture wherever it appears (share bars, notices, credits, labels). */
export function isFurnitureLine(line: string): boolean {
  const text = line.trim();
  if (!text) return true;
  const words = text.split(/\s+/);
  if (words.length <= 8 && words.every((w) => SOCIAL_WORDS.has(w.toLowerCase().replace(/[^\p{L}-]/gu, '')) || !/\p{L}/u.test(w))) {
    return true;
  }
  if (words.length > 60) return false;
  return LINE_PATTERNS.some((p) => p.test(text));
}

const MONTHS =
  'jan(uary|vier)?|feb(ruary)?|févr(ier)?|fevr(ier)?|mar(ch)?|mars|apr(il)?|avr(il)?|may|mai|june?|juin|july?|juil(let)?|aug(ust)?|août|sep(t(ember)?)?|sept(embre)?|oct(ober|obre)?|nov(ember|embre)?|dec(ember)?|déc(embre)?';
const WEEKDAYS = 'mon(day)?|tue(s(day)?)?|wed(nesday)?|thu(rs(day)?)?|fri(day)?|sat(urday)?|sun(day)?|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche';
const DATE_WORDS = new RegExp(
  `^(${MONTHS}|${WEEKDAYS}|\\d{1,4}(st|nd|rd|th|er|h\\d{0,2}|am|pm)?|am|pm|a\\.m|p\\.m|gmt|utc|[ecmp][sd]t|cet|cest|wat|at|à|le|on|the|of|de|du|et|and|published|updated|posted|modified|publié|publie|mis|jour|modifié|last|date|time|ago|il|y|a|hours?|minutes?|days?|heures?|jours?|h|min|by|par|aujourd'hui|today|yesterday|hier|—|-|\\|)$`,
  'i',
);

const DATE_ANCHOR = new RegExp(
  `(?<!\\p{L})(${MONTHS}|${WEEKDAYS}|published|updated|posted|modified|publié|publie|mis à jour|modifié|today|yesterday|aujourd'hui|hier|ago|il y a)(?!\\p{L})|\\d{1,4}[./-]\\d{1,2}[./-]\\d{1,4}|\\d{1,2}[:h]\\d{2}`,
  'iu',
);

/** A line that only dates the page ("Published 4:00 am CST, Wednesday, November 20, 2019", "Mis à jour le 3 mars"). */
export function isDateLine(line: string): boolean {
  const words = line.toLowerCase().split(/[\s,.:/()]+/).filter(Boolean);
  if (words.length === 0 || words.length > 14 || !DATE_ANCHOR.test(line)) return false;
  const dateish = words.filter((w) => DATE_WORDS.test(w)).length;
  return dateish === words.length || (words.length >= 3 && dateish >= words.length - 1 && /\d/.test(line));
}

/** "By Jane Doe", "Par Jean Dupont, à Bamako — Mis à jour le 4 mars", "Written by …": the credit line, not the story. */
export function isBylineLine(line: string): boolean {
  const text = line.trim();
  if (text.split(/\s+/).length > 25) return false;
  // The credit itself comes first; a date or a place may follow a dash or a bar.
  const head = text.split(/\s+[—–|•·]\s+/)[0]!;
  const words = head.split(/\s+/);
  if (words.length > 12) return false;
  if (/[.!?]["”»]?$/.test(head) && words.length > 6) return false;
  const credit = /^(by|par|written by|reported by|posted by|publié par|texte|text|words|de notre (envoyée? spéciale?|correspondante?)|from our correspondent|von)\s*:?\s+/i.exec(head);
  return credit !== null && /^[\p{Lu}@]/u.test(head.slice(credit[0].length));
}

const PHONE = /(?:\+\d{1,3}[ .-]?)?(?:\(?\d{2,4}\)?[ .-]?){2,4}\d{2,4}/g;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.]+/;
const CONTACT_WORDS =
  /\b(contact us|contactez-nous|reach us|inquiries|enquiries|call us|email us|e-mail us|write to us|écrivez-nous|joindre|tel\s?[:.]|tél\s?[:.]|phone\s?:|téléphone\s?:|fax\s?:|whatsapp)/i;

function hasPhoneNumber(line: string): boolean {
  for (const match of line.matchAll(PHONE)) {
    const digits = match[0].replace(/\D/g, '');
    if (digits.length >= 8 && !/^\d{4}-\d{2}-\d{2}/.test(match[0])) return true;
  }
  return false;
}

/** A site blurb or contact box: "reach us at 0777… or email us at …". */
export function isContactLine(line: string): boolean {
  return (EMAIL.test(line) || hasPhoneNumber(line)) && CONTACT_WORDS.test(line);
}

/** A date stamp glued to the start of a paragraph ("date 2023-11-11 In a recent call…"). */
export function stripDateStamp(line: string): string {
  return line.replace(/^(?:date|published|updated|posted|publié(?: le)?|mis à jour(?: le)?)?\s*:?\s*\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?\S*)?\s+(?=\S)/i, '');
}

/** A headline-plus-teaser from a list of other stories: ends cut off with an ellipsis. */
export function isTeaserFragment(line: string): boolean {
  return /(\.\.\.|…|\[\.\.\.\]|\[…\])\s*$/.test(line.trim());
}

const LIST_WORDS =
  /\b(latest|more|related|recommended|popular|trending|opinions?|commentary|commentaries|gallery|galleries|videos?|photos?|podcasts?|news|stories|articles|interviews?|editorials?|features|headlines|most read|top|breaking|à la une|actualités|actualité|dernières|derniers|plus lus|vidéos|tribunes|chroniques|éditos?|dossiers|aussi|weitere|meistgelesen)\b/i;

/**
 * A heading that opens a list of other stories ("LATEST NEWS", "More from Africa", "À la une"): on a
 * scraped page, what follows it is not the article.
 */
export function isSectionHeading(line: string): boolean {
  const text = line.trim();
  const words = text.split(/\s+/);
  // "Photo : AFP" is a credit, not a heading: a heading has nothing after its colon.
  if (words.length > 6 || /[.!?,;]$/.test(text) || /:\s*\S/.test(text)) return false;
  return LIST_WORDS.test(text);
}

/** A line in capitals ("PUTIN TALKS TO MALI'S LEADER"): a headline or a label, never running text. */
export function isShouted(line: string): boolean {
  const letters = line.match(/\p{L}/gu) ?? [];
  if (letters.length < 8) return false;
  const upper = letters.filter((c) => c !== c.toLowerCase()).length;
  return upper / letters.length > 0.8;
}
