// Deterministic, realistic feed content for benchmarks: English and French items from templates
// (Sahel and non-Sahel), rendered as RSS 2.0 the way real publishers write it. Seeded; no evaluation data.

/** mulberry32: a small seeded PRNG, so every run measures the same data. */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = ['Bamako', 'Gao', 'Mopti', 'Kidal', 'Tombouctou', 'Ouagadougou', 'Djibo', 'Dori', 'Kaya', 'Niamey', 'Agadez', 'Tillabéri', 'Diffa', "N'Djamena", 'Abéché', 'Nouakchott', 'Néma', 'Ménaka', 'Ségou', 'Zinder'];
const ELSEWHERE = ['Lagos', 'Nairobi', 'Paris', 'Kinshasa', 'Accra', 'Dakar', 'Abidjan', 'Johannesburg', 'Cairo', 'Addis Ababa'];

const SAHEL_EN: ((p: string, n: number) => [string, string])[] = [
  (p, n) => [`Gunmen kill ${n} in attack near ${p}`, `Gunmen killed ${n} people in an attack near ${p} on Sunday, local officials said, in a region where groups linked to al Qaeda and Islamic State operate. The army said it had sent reinforcements. Residents said the attackers arrived on motorbikes and burned shops before leaving.`],
  (p, n) => [`Junta in ${p} extends transition by ${n} months`, `The military government announced in ${p} that the political transition would be extended by ${n} months, drawing criticism from opposition parties and the regional bloc ECOWAS, which called for a quick return to constitutional order.`],
  (p, n) => [`Floods displace ${n * 100} people around ${p}`, `Heavy rains flooded neighbourhoods around ${p}, displacing about ${n * 100} people, humanitarian agencies said. The World Food Programme warned that crops had been destroyed ahead of the lean season.`],
];
const SAHEL_FR: ((p: string, n: number) => [string, string])[] = [
  (p, n) => [`${p} : ${n} morts dans une attaque jihadiste`, `Au moins ${n} personnes ont été tuées dans une attaque près de ${p}, ont indiqué des sources locales. L'armée affirme avoir neutralisé plusieurs assaillants. La junte au pouvoir a décrété un deuil national de trois jours.`],
  (p, n) => [`À ${p}, la transition prolongée de ${n} mois`, `Les autorités de transition ont annoncé à ${p} une prolongation de ${n} mois, suscitant des réactions de la société civile. La CEDEAO appelle au retour à l'ordre constitutionnel.`],
  (p, n) => [`Inondations : ${n * 100} sinistrés à ${p}`, `Les pluies diluviennes ont fait ${n * 100} sinistrés à ${p}, selon la protection civile. Les ONG humanitaires réclament une aide d'urgence pour les familles déplacées.`],
];
const OTHER: ((p: string, n: number) => [string, string])[] = [
  (p, n) => [`${p} stock exchange gains ${n} points`, `Shares in ${p} rose ${n} points on Tuesday, led by banks and telecoms, as investors welcomed lower inflation figures and a stable currency.`],
  (p, n) => [`Football: ${p} side wins ${n}-1 in league opener`, `The home side won ${n}-1 in front of a full stadium in ${p}, with two goals in the second half. The coach praised the young squad.`],
  (p, n) => [`À ${p}, le festival de musique attire ${n} 000 visiteurs`, `Le festival a attiré ${n} 000 visiteurs à ${p} ce week-end, avec des concerts gratuits et un marché d'artisans.`],
];

export interface BenchItem {
  title: string;
  description: string;
  link: string;
  guid: string;
  pubDate: number;
}

/** Items of one feed: ~40% about the Sahel, the rest not. Unique per (feed, index). */
export function feedItems(feed: number, count: number, base: number): BenchItem[] {
  const random = prng(feed * 7919 + 17);
  const out: BenchItem[] = [];
  for (let i = 0; i < count; i++) {
    const r = random();
    const n = 3 + Math.floor(random() * 90);
    const [title, description] = r < 0.2
      ? SAHEL_EN[Math.floor(random() * SAHEL_EN.length)]!(PLACES[Math.floor(random() * PLACES.length)]!, n)
      : r < 0.4
        ? SAHEL_FR[Math.floor(random() * SAHEL_FR.length)]!(PLACES[Math.floor(random() * PLACES.length)]!, n)
        : OTHER[Math.floor(random() * OTHER.length)]!(ELSEWHERE[Math.floor(random() * ELSEWHERE.length)]!, n);
    out.push({ title: `${title} (${feed}-${i})`, description, link: `https://outlet${feed}.example/${feed}/${i}`, guid: `outlet${feed}-${i}`, pubDate: base - i * 60_000 });
  }
  return out;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderRss(feed: number, items: BenchItem[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Outlet ${feed}</title><link>https://outlet${feed}.example/</link><description>News</description><language>en</language>
${items.map((i) => `<item><title>${esc(i.title)}</title><link>${i.link}</link><guid isPermaLink="false">${i.guid}</guid><pubDate>${new Date(i.pubDate).toUTCString()}</pubDate><dc:creator>Staff</dc:creator><description><![CDATA[<p>${i.description}</p>]]></description></item>`).join('\n')}
</channel></rss>`;
}
