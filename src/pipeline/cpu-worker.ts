// The CPU-heavy stage work, run in a worker thread so that a hostile page or feed text cannot hold the bot's
// event loop: article extraction and the extractive summary. One message in, one message out.
import { parentPort } from 'node:worker_threads';
import { extractArticle } from '../articles/index.js';
import { summarize } from '../summaries/index.js';
import type { CpuTask, CpuReply } from './cpu-pool.js';

function run(task: CpuTask): unknown {
  switch (task.kind) {
    case 'extract':
      return extractArticle(task.html, task.url);
    case 'summarize':
      return summarize(task.doc, task.options);
    case 'spin': {
      // For tests of the time budget: busy for the given time.
      const until = Date.now() + task.ms;
      while (Date.now() < until);
      return null;
    }
  }
}

parentPort?.on('message', (message: { id: number; task: CpuTask }) => {
  let reply: CpuReply;
  try {
    reply = { id: message.id, ok: true, value: run(message.task) };
  } catch (err) {
    reply = { id: message.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
// Loaded: the pool starts a task's clock only from here, not while the worker is still starting.
parentPort?.postMessage('ready');
