// The worker pool for CPU-heavy stage work: real worker threads, a real event loop measured while they work.
import { describe, it, expect, afterEach } from 'vitest';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { CpuPool, PoolBusyError, TaskTimeoutError } from './cpu-pool.js';

let pool: CpuPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

// Distinct sentences, so the summariser has real work: about 800 KB.
const hostileText = Array.from({ length: 9000 }, (_, i) => `Le convoi numéro ${i} a quitté la ville de Gao vers Kidal avec ${i % 97} camions et ${i % 13} blindés, selon une source locale.`).join(' ');

describe('CpuPool', () => {
  it('summarises and extracts in a worker thread while the event loop keeps answering', async () => {
    pool = new CpuPool({ size: 1, budgetMs: 60_000 });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const summary = await pool.summarize({ title: 'Convois entre Gao et Kidal', text: hostileText, lang: 'fr' });
    delay.disable();
    expect(summary.sentences.length).toBeGreaterThan(0);
    expect(summary.text).toMatch(/convoi/);
    // The summary took seconds of CPU in the worker; this thread was never held for more than a moment.
    expect(delay.max / 1e6).toBeLessThan(250);

    const article = await pool.extract(`<html><head><title>Gao</title></head><body><article><h1>Convoi attaqué près de Gao</h1>${'<p>Un convoi de l’armée malienne a été attaqué mardi près de Gao, dans le nord du Mali, selon des sources locales qui font état de plusieurs morts parmi les soldats.</p>'.repeat(8)}</article></body></html>`, 'https://news.example/gao');
    expect(article?.text).toMatch(/convoi de l’armée malienne/);
  });

  it('abandons a task past its budget with a clear error, and the next task still runs', async () => {
    pool = new CpuPool({ size: 1, budgetMs: 300 });
    const started = Date.now();
    await expect(pool.run({ kind: 'spin', ms: 5_000 })).rejects.toThrow(TaskTimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(pool.run({ kind: 'spin', ms: 5_000 })).rejects.toThrow(/took longer than 0.3 s and was abandoned/);
    const ok = await pool.summarize({ title: 'Gao', text: 'Un convoi a quitté Gao mardi pour Kidal, selon une source locale. Il transportait du carburant et des vivres pour la population.', lang: 'fr' });
    expect(ok.text).toMatch(/Gao/);
  });

  it('refuses work past its queue bound rather than queueing without end', async () => {
    pool = new CpuPool({ size: 1, budgetMs: 5_000, maxQueue: 2 });
    // The worker is still starting: both tasks wait, and a third has no place.
    const running = [pool.run({ kind: 'spin', ms: 200 }), pool.run({ kind: 'spin', ms: 10 })];
    await expect(pool.run({ kind: 'spin', ms: 10 })).rejects.toThrow(PoolBusyError);
    await Promise.all(running);
    await expect(pool.run({ kind: 'spin', ms: 10 })).resolves.toBeNull();
  });
});
