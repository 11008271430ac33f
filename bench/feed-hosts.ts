// Serves the benchmark feeds from 20 loopback hosts (127.0.0.2–21) in a process of its own, so that the
// measuring process holds only what the bot would. Prints the feed URLs as one JSON line; reads
// "validators on|off" commands on stdin.
import http from 'node:http';
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { feedItems, renderRss } from './news.js';

const [feeds, items, hosts, base] = process.argv.slice(2).map(Number) as [number, number, number, number];
const bodies = Array.from({ length: feeds }, (_, f) => renderRss(f, feedItems(f, items, base)));
const etags = bodies.map((b) => `"${createHash('sha1').update(b).digest('hex').slice(0, 16)}"`);
let validators = true;
const urls: string[] = new Array(feeds);
const servers: http.Server[] = [];

for (let h = 0; h < hosts; h++) {
  const host = `127.0.0.${h + 2}`;
  const server = http.createServer((req, res) => {
    const i = Number(/\/feed\/(\d+)\.xml/.exec(req.url ?? '')?.[1] ?? -1);
    const body = bodies[i];
    if (body === undefined) return void res.writeHead(404).end();
    if (validators && req.headers['if-none-match'] === etags[i]) return void res.writeHead(304, { etag: etags[i] }).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', ...(validators ? { etag: etags[i] } : {}) }).end(body);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as { port: number }).port;
  for (let i = h; i < feeds; i += hosts) urls[i] = `http://${host}:${port}/feed/${i}.xml`;
  servers.push(server);
}
console.log(JSON.stringify({ urls }));

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'validators on') validators = true;
  else if (line === 'validators off') validators = false;
  console.log(JSON.stringify({ ok: line }));
}).on('close', () => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});
