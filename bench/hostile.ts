// Time to process or refuse each hostile input of issue 12, on the event loop, at up to the 5 MB body cap:
// what one feed or one member could once make every other server wait for (minutes for some of them before).
import { parseFeed, FeedParseError } from '../src/feeds/parse.js';
import { discoverFeedUrls } from '../src/feeds/fetch.js';
import { summarize } from '../src/summaries/index.js';
import { figure, type BenchFigure } from './figure.js';

const CAP = 5 * 1024 * 1024;
const FEED_URL = 'https://hostile.example/feed';

function repeatTo(unit: string, bytes: number): string {
  return unit.repeat(Math.floor(bytes / unit.length));
}

function sentences(bytes: number): string {
  const words = ['army', 'convoy', 'border', 'market', 'drought', 'election', 'junta', 'river', 'harvest', 'mine', 'road', 'school'];
  const out: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const s = `Report ${i} says the ${words[i % 12]} and the ${words[(i * 7) % 12]} near kilometre ${i * 3} changed ${words[(i * 5) % 12]} plans.`;
    out.push(s);
    size += s.length + 1;
  }
  return out.join(' ');
}

const rss = (channel: string): string => `<?xml version="1.0"?><rss version="2.0"><channel><title>A &amp; B</title>${channel}</channel></rss>`;

/** Each input, built to just under the byte cap (or the size the issue measured), and the work done on it. */
const INPUTS: Array<[name: string, build: () => string, work: (input: string) => Promise<unknown> | unknown]> = [
  ['summary_5mb_distinct_sentences', () => sentences(CAP), (text) => summarize({ title: 'Convoys', text })],
  ['feed_unclosed_comments_5mb', () => `<rss version="2.0"><channel><title>A &amp; B</title>${repeatTo('<!--', CAP)}`, (xml) => parseFeed(xml, FEED_URL, Date.now())],
  ['feed_unclosed_pis_5mb', () => `<rss version="2.0"><channel><title>A &amp; B</title>${repeatTo('<?', CAP)}<x>`, (xml) => parseFeed(xml, FEED_URL, Date.now())],
  ['feed_tag_runs_5mb', () => rss(`<item><title>t</title><description><![CDATA[${repeatTo('<p', CAP)}]]></description></item>`), (xml) => parseFeed(xml, FEED_URL, Date.now())],
  ['feed_quoted_tags_5mb', () => rss(`<item><title>t</title><description><![CDATA[${repeatTo('<a "x"', CAP)}]]></description></item>`), (xml) => parseFeed(xml, FEED_URL, Date.now())],
  ['feed_nesting_100k_deep', () => rss(`<item><title>t</title><description>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</description></item>`), (xml) => parseFeed(xml, FEED_URL, Date.now())],
  ['feed_nesting_5mb_deep', () => rss(`<item><title>t</title></item>${'<a>'.repeat(CAP / 7)}${'</a>'.repeat(CAP / 7)}`), (xml) => parseFeed(xml, FEED_URL, Date.now())],
  ['feed_70k_entries_cap_200', () => rss(Array.from({ length: 70_000 }, (_, i) => `<item><title>Mali ${i}</title><guid>g${i}</guid></item>`).join('')), (xml) => parseFeed(xml, FEED_URL, Date.now(), { maxItems: 200 })],
  ['discovery_page_5mb_link_runs', () => `<!doctype html><html><head>${repeatTo('<link rel="alternate" ', CAP)}`, (html) => refusedThenDiscovered(html)],
  ['discovery_page_5mb_base_runs', () => `<!doctype html><html><head>${repeatTo('<base ', CAP)}>`, (html) => refusedThenDiscovered(html)],
];

/** What `feeds add` does with a page: the parser refuses it as HTML, then its feed links are looked for. */
async function refusedThenDiscovered(html: string): Promise<string[]> {
  await parseFeed(html, FEED_URL, Date.now()).catch((err: unknown) => {
    if (!(err instanceof FeedParseError)) throw err;
  });
  return discoverFeedUrls(html, FEED_URL);
}

export async function run(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const [name, build, work] of INPUTS) {
    const input = build();
    const t0 = performance.now();
    await Promise.resolve(work(input)).catch((err: unknown) => {
      if (!(err instanceof FeedParseError)) throw err;
    });
    const ms = performance.now() - t0;
    console.error(`# hostile: ${name} (${(input.length / 1024).toFixed(0)} KB) ${ms.toFixed(0)} ms`);
    figures.push(figure(`hostile.${name}`, ms, 'ms', null, false, '≤ 2000 ms'));
  }
  return figures;
}
