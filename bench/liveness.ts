// Liveness under a hostile request: a member asks for `/sahel summary` of an 800 KB page of distinct
// sentences served from loopback, through the bot's own article service and worker pool, while the event loop's
// delay is measured (what every other member's command waits for). The same page summarised on the event loop,
// as before the pool, is the baseline.
import { createServer, type Server } from 'node:http';
import { silentLogger } from '../src/log.js';
import { createArticleService } from '../src/pipeline/articles.js';
import { CpuPool } from '../src/pipeline/cpu-pool.js';
import { extractArticle } from '../src/articles/index.js';
import { summarize } from '../src/summaries/index.js';
import { figure, loopProbe, type BenchFigure } from './figure.js';
import { hostilePage } from '../test/hostile-page.js';

async function measure<T>(work: () => Promise<T>): Promise<{ p99: number; max: number; ms: number }> {
  const probe = loopProbe();
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  return { ...(await probe.stop()), ms };
}

export async function run(): Promise<BenchFigure[]> {
  const html = hostilePage(800_000);
  const server: Server = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/convois`;
  const pool = new CpuPool();
  try {
    const articles = createArticleService({ userAgent: 'SahelWatchBench/1', allowPrivateNetworks: true, fetchPages: true, llm: null, log: silentLogger(), pool });
    await articles.summariseUrl(url); // warm the workers
    const ours = await measure(() => articles.summariseUrl(url));
    const inline = await measure(async () => {
      const article = extractArticle(html, url);
      return summarize({ title: article?.title ?? '', text: article?.text ?? '', lang: 'fr' });
    });
    console.error(`# liveness: /sahel summary of an 800 KB page took ${ours.ms.toFixed(0)} ms (on the event loop: ${inline.ms.toFixed(0)} ms)`);
    return [
      figure('liveness.loop_delay_p99_hostile_summary', ours.p99, 'ms', inline.p99, false, '≤ 100 ms'),
      figure('liveness.loop_delay_max_hostile_summary', ours.max, 'ms', inline.max, false),
      figure('liveness.hostile_summary_wall', ours.ms / 1000, 's', inline.ms / 1000, false, '≤ 2 s'),
    ];
  } finally {
    await pool.close();
    server.close();
  }
}
