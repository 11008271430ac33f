// Runs the real bot (src/main.ts) as a child process for end-to-end tests, and reads its JSON log lines.
import { spawn, execSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface LogLine {
  level: number;
  msg: string;
  [k: string]: unknown;
}

export interface BotProcess {
  child: ChildProcess;
  /** Everything the bot wrote, stdout and stderr, raw. */
  output(): string;
  logs(): LogLine[];
  waitForLog(pred: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Test defaults: loopback Discord, fast scheduler, private networks allowed (the fixture servers are on 127.0.0.1). */
export function startBot(env: Record<string, string>, args: string[] = ['src/main.ts']): BotProcess {
  return spawnBot(['--import', 'tsx', ...args], env);
}

/**
 * How `npm start` runs the bot, read from package.json's start script ("<build> && node <args>"), so that
 * benchmarks measure the process a user gets: the same build, the same node flags.
 */
export function npmStartCommand(): { build: string | null; nodeArgs: string[] } {
  const start = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const steps = start.split('&&').map((s) => s.trim());
  const run = steps.pop()!.split(/\s+/);
  if (run[0] !== 'node') throw new Error(`npm start is expected to end with "node …", not "${start}"`);
  return { build: steps.length ? steps.join(' && ') : null, nodeArgs: run.slice(1) };
}

let built = false;

/** The bot as `npm start` runs it: its build step once per process (timed in the return value), then node with its flags. */
export function startBuiltBot(env: Record<string, string>): BotProcess & { buildMs: number; spawnedAt: number } {
  const { build, nodeArgs } = npmStartCommand();
  let buildMs = 0;
  if (build && !built) {
    const t0 = performance.now();
    execSync(build, { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, PATH: `${join(REPO_ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` } });
    buildMs = performance.now() - t0;
    built = true;
  }
  const spawnedAt = performance.now();
  return { ...spawnBot(nodeArgs, env), buildMs, spawnedAt };
}

function spawnBot(argv: string[], env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, argv, {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'test',
      LOG_LEVEL: 'debug',
      ALLOW_PRIVATE_NETWORKS: 'true',
      SCHEDULER_CRON: '*/1 * * * * *',
      POLL_INTERVAL_MINUTES: '0.02',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const parsed: LogLine[] = [];
  const waiters: { pred: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    out += text;
    partial += text;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      try {
        const l = JSON.parse(line) as LogLine;
        parsed.push(l);
        for (const w of [...waiters]) if (w.pred(l)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(l);
        }
      } catch {
        // not a log line
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    output: () => out,
    logs: () => parsed,
    waitForLog(pred, timeoutMs = 15_000) {
      const found = parsed.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`log line not seen within ${timeoutMs} ms; output so far:\n${out.slice(-3000)}`)), timeoutMs);
        waiters.push({ pred, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      });
    },
    exited,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Poll a condition until it holds (bounded), for state that changes asynchronously. */
export async function eventually<T>(fn: () => T | undefined | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
