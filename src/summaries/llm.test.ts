import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmSummarizer } from './llm.js';
import type { Lang } from '../lang/languages.js';

interface Received {
  path: string;
  authorization: string | undefined;
  body: { model: string; messages: { role: string; content: string }[] };
}

const GOOD_ANSWER =
  'Here is a summary: Mali’s junta met ECOWAS mediators in Bamako on Tuesday. They agreed to reopen the border with Niger by March. Fuel prices had doubled since July.';

// A fake OpenAI-compatible server whose behaviour is picked by the model name.
let server: Server;
let baseUrl: string;
const received: Received[] = [];

function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  let raw = '';
  req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
  req.on('end', () => {
    const body = JSON.parse(raw) as Received['body'];
    received.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
    const answer = (content: string): string => JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] });
    switch (body.model) {
      case 'ok':
        return reply(res, 200, answer(GOOD_ANSWER));
      case 'slow':
        setTimeout(() => reply(res, 200, answer(GOOD_ANSWER)), 1_000).unref();
        return;
      case 'failing':
        return reply(res, 503, JSON.stringify({ error: 'overloaded' }));
      case 'junk-json':
        return reply(res, 200, '<html>gateway error</html>');
      case 'junk-empty':
        return reply(res, 200, answer('   '));
      case 'junk-shape':
        return reply(res, 200, JSON.stringify({ result: 'no choices here' }));
      default:
        return reply(res, 404, '{}');
    }
  });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const ARTICLE = {
  id: 'https://example.test/mali-border',
  title: 'Mali and ECOWAS agree to reopen the Niger border',
  text:
    'Mali’s military government met ECOWAS mediators in Bamako on Tuesday, the first talks since the coup in Niger.\n\n' +
    'The two sides agreed to reopen the border with Niger by March, officials said after the meeting.\n\n' +
    'Fuel prices in Bamako have doubled since July, when the border closed.',
  lang: 'en',
};

function summarizer(model: string, extra: { language?: 'source' | Lang; apiKey?: string; maxInputChars?: number } = {}) {
  const logs: string[] = [];
  const llm = createLlmSummarizer({ baseUrl, model, language: extra.language ?? 'source', timeoutMs: 200, log: (m) => logs.push(m), ...extra });
  return { llm, logs };
}

describe('createLlmSummarizer', () => {
  it('returns the model’s summary, cleaned of its preamble, with the target language', async () => {
    const { llm, logs } = summarizer('ok', { language: 'fr' });
    const summary = await llm.summarize(ARTICLE);
    expect(summary.method).toBe('llm');
    expect(summary.lang).toBe('fr');
    expect(summary.text.startsWith('Mali’s junta met ECOWAS')).toBe(true);
    expect(summary.sentences).toHaveLength(3);
    expect(logs).toEqual([]);
    const request = received.at(-1)!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.body.messages[0]!.content).toContain('in French');
  });

  it('sends the extracted text only, capped, and the key only in the Authorization header', async () => {
    const { llm } = summarizer('ok', { apiKey: 'sk-test-secret-123', maxInputChars: 150 });
    await llm.summarize({ ...ARTICLE, id: 'capped' });
    const request = received.at(-1)!;
    expect(request.authorization).toBe('Bearer sk-test-secret-123');
    const user = request.body.messages.find((m) => m.role === 'user')!.content;
    expect(user).toContain(ARTICLE.title);
    expect(user).not.toContain('Fuel prices');
    expect(user.length).toBeLessThan(ARTICLE.title.length + 200);
  });

  it('caches per article, model and language', async () => {
    const { llm } = summarizer('ok');
    const before = received.length;
    const first = await llm.summarize({ ...ARTICLE, id: 'cached' });
    const second = await llm.summarize({ ...ARTICLE, id: 'cached' });
    expect(second).toBe(first);
    expect(received.length).toBe(before + 1);
    await llm.summarize({ ...ARTICLE, id: 'another' });
    expect(received.length).toBe(before + 2);
  });

  it('falls back to the extractive summary when the server is too slow, and says so once', async () => {
    const { llm, logs } = summarizer('slow');
    const started = Date.now();
    const summary = await llm.summarize({ ...ARTICLE, id: 'slow-1' });
    expect(Date.now() - started).toBeLessThan(900);
    expect(summary.method).toBe('extractive');
    expect(summary.text).toContain('ECOWAS mediators in Bamako');
    await llm.summarize({ ...ARTICLE, id: 'slow-2' });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/no answer within 200 ms/);
  });

  it('falls back on a failing server without logging the API key', async () => {
    const { llm, logs } = summarizer('failing', { apiKey: 'sk-never-log-me' });
    const summary = await llm.summarize({ ...ARTICLE, id: 'failing' });
    expect(summary.method).toBe('extractive');
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/HTTP 503/);
    expect(logs.join('\n')).not.toContain('sk-never-log-me');
  });

  it.each(['junk-json', 'junk-empty', 'junk-shape'])('falls back when the answer is junk (%s)', async (model) => {
    const { llm, logs } = summarizer(model);
    const summary = await llm.summarize({ ...ARTICLE, id: model });
    expect(summary.method).toBe('extractive');
    expect(summary.sentences.length).toBeGreaterThan(0);
    expect(logs).toHaveLength(1);
  });

  it('falls back when nothing listens at the address', async () => {
    const logs: string[] = [];
    const llm = createLlmSummarizer({ baseUrl: 'http://127.0.0.1:9', model: 'ok', language: 'source', timeoutMs: 500, log: (m) => logs.push(m) });
    const summary = await llm.summarize(ARTICLE);
    expect(summary.method).toBe('extractive');
    expect(logs).toHaveLength(1);
  });
});
