// A small pool of worker threads for CPU-heavy stage work (extraction, summaries), with a time budget per task:
// a task still running when its budget is spent is abandoned (its worker is terminated and replaced) and its
// caller gets a clear error, while the bot's event loop keeps answering everyone else.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ExtractedArticle } from '../articles/index.js';
import type { Summary, SummaryDocument, SummaryOptions } from '../summaries/index.js';

export type CpuTask =
  | { kind: 'extract'; html: string; url: string }
  | { kind: 'summarize'; doc: SummaryDocument; options: SummaryOptions }
  | { kind: 'spin'; ms: number };

export type CpuReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** The task ran past its budget and was abandoned. */
export class TaskTimeoutError extends Error {
  override name = 'TaskTimeoutError';
  constructor(kind: string, budgetMs: number) {
    super(`${kind} took longer than ${budgetMs / 1000} s and was abandoned`);
  }
}

/** Too many tasks are waiting: try again later rather than queue without end. */
export class PoolBusyError extends Error {
  override name = 'PoolBusyError';
  constructor() {
    super('the bot is busy with other pages; try again in a minute');
  }
}

export interface CpuPoolOptions {
  /** Worker threads; default: one less than the cores, at least one. */
  size?: number;
  /** A task's budget in ms; default 10 s. */
  budgetMs?: number;
  /** Tasks waiting for a worker at most; default 200. */
  maxQueue?: number;
}

interface Pending {
  id: number;
  task: CpuTask;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  /** The worker has loaded its modules and takes tasks. */
  ready: boolean;
  busy: Pending | null;
  timer: NodeJS.Timeout | null;
}

// Under tsx (the bot in development, tests, CLIs) the worker is TypeScript and needs tsx's loader; the build
// runs the compiled .js beside this file.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './cpu-worker.ts' : './cpu-worker.js', import.meta.url);
const WORKER_EXEC_ARGV = import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : [];

export class CpuPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly budgetMs: number;
  private readonly maxQueue: number;
  private nextId = 1;
  private closed = false;

  constructor(options: CpuPoolOptions = {}) {
    this.budgetMs = options.budgetMs ?? 10_000;
    this.maxQueue = options.maxQueue ?? 200;
    const size = options.size ?? Math.max(1, availableParallelism() - 1);
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  extract(html: string, url: string): Promise<ExtractedArticle | null> {
    return this.run({ kind: 'extract', html, url }) as Promise<ExtractedArticle | null>;
  }

  summarize(doc: SummaryDocument, options: SummaryOptions = {}): Promise<Summary> {
    return this.run({ kind: 'summarize', doc, options }) as Promise<Summary>;
  }

  run(task: CpuTask): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    if (this.queue.length >= this.maxQueue) return Promise.reject(new PoolBusyError());
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('the worker pool is closed'));
    await Promise.all(this.slots.map((slot) => {
      if (slot.timer) clearTimeout(slot.timer);
      slot.busy?.reject(new Error('the worker pool is closed'));
      slot.busy = null;
      return slot.worker.terminate();
    }));
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_URL, { execArgv: WORKER_EXEC_ARGV });
    // Idle workers must not keep a finished process (a CLI, a test) alive.
    worker.unref();
    const slot: Slot = { worker, ready: false, busy: null, timer: null };
    worker.on('message', (reply: CpuReply | 'ready') => {
      if (reply === 'ready') {
        slot.ready = true;
        this.dispatch();
        return;
      }
      const pending = slot.busy;
      if (!pending || pending.id !== reply.id) return;
      this.finish(slot);
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(new Error(reply.error));
    });
    worker.on('error', (err) => this.replace(slot, err));
    worker.on('exit', () => {
      if (!this.closed && this.slots.includes(slot)) this.replace(slot, new Error('the worker stopped'));
    });
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.busy || this.queue.length === 0) continue;
      const pending = this.queue.shift()!;
      slot.busy = pending;
      slot.worker.ref();
      slot.timer = setTimeout(() => this.replace(slot, new TaskTimeoutError(pending.task.kind, this.budgetMs)), this.budgetMs);
      slot.worker.postMessage({ id: pending.id, task: pending.task });
    }
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.busy = null;
    slot.worker.unref();
    this.dispatch();
  }

  // A worker that ran out of time or failed is terminated and replaced; its task fails with `err`.
  private replace(slot: Slot, err: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0 || this.closed) return;
    const pending = slot.busy;
    if (slot.timer) clearTimeout(slot.timer);
    this.slots.splice(index, 1);
    void slot.worker.terminate();
    this.slots.push(this.spawn());
    pending?.reject(err);
    this.dispatch();
  }
}
