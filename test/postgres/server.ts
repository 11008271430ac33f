// A throwaway PostgreSQL server on 127.0.0.1 for the tests: the machine's own server binaries (Debian's
// `postgresql` package; `SAHEL_PG_BIN` to point elsewhere), a fresh cluster in a temp dir, no durability
// (fsync off), deleted on stop. PostgreSQL refuses to run as root, so as root the server runs as an
// unprivileged user. The server is never left behind: it gets SIGINT when its parent dies (setpriv
// --pdeathsig), a process 'exit' hook kills it, and a later start reaps the clusters of dead runs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';

export interface PgServer {
  /** Admin URL (superuser `sahel`, database `postgres`), e.g. postgres://sahel@127.0.0.1:54321/postgres */
  url: string;
  port: number;
  /** Fast shutdown (SIGINT), SIGKILL after a grace period, then the temp dir is deleted. Idempotent. */
  stop(): Promise<void>;
}

const PREFIX = 'sahel-pg-';
const SUPERUSER = 'sahel';
const UNPRIVILEGED_FALLBACK = 'sahel-pg';

function isServerBin(dir: string): boolean {
  return existsSync(join(dir, 'postgres')) && existsSync(join(dir, 'initdb'));
}

/** The directory holding `postgres` and `initdb`, or null: $SAHEL_PG_BIN, `pg_config --bindir`, the newest /usr/lib/postgresql/N/bin. */
export function findPgBin(env: NodeJS.ProcessEnv = process.env): string | null {
  const explicit = env.SAHEL_PG_BIN?.trim();
  if (explicit) {
    if (isServerBin(explicit)) return explicit;
    throw new Error(`SAHEL_PG_BIN=${explicit} holds no postgres and initdb`);
  }
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const bindir = pgConfig.status === 0 ? pgConfig.stdout.trim() : '';
  if (bindir && isServerBin(bindir)) return bindir;
  const root = '/usr/lib/postgresql';
  let versions: string[];
  try {
    versions = readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v));
  } catch {
    return null;
  }
  versions.sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const dir = join(root, v, 'bin');
    if (isServerBin(dir)) return dir;
  }
  return null;
}

function run(cmd: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

interface RunAs {
  user: string;
  uid: number;
  gid: number;
}

/** As root: Debian's `postgres` user, else a system user `sahel-pg` (created once). Otherwise null (run as ourselves). */
function unprivilegedUser(): RunAs | null {
  if (process.getuid?.() !== 0) return null;
  const lookup = (user: string): RunAs | null => {
    const u = run('id', ['-u', user]);
    const g = run('id', ['-g', user]);
    return u.ok && g.ok ? { user, uid: Number(u.out.trim()), gid: Number(g.out.trim()) } : null;
  };
  const existing = lookup('postgres') ?? lookup(UNPRIVILEGED_FALLBACK);
  if (existing) return existing;
  const created = run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', UNPRIVILEGED_FALLBACK]);
  const user = lookup(UNPRIVILEGED_FALLBACK);
  if (!user) throw new Error(`running as root and could not create user ${UNPRIVILEGED_FALLBACK} for PostgreSQL: ${created.out.trim()}`);
  return user;
}

/** Wraps a command so it runs as `as` (if given) and gets SIGINT if its parent dies (when setpriv is there). */
function wrap(as: RunAs | null, cmd: string, args: string[]): [string, string[]] {
  if (hasCommand('setpriv')) {
    const ids = as ? [`--reuid=${as.uid}`, `--regid=${as.gid}`, '--init-groups'] : [];
    return ['setpriv', [...ids, '--pdeathsig=INT', '--', cmd, ...args]];
  }
  if (as) return ['runuser', ['-u', as.user, '--', cmd, ...args]];
  return [cmd, args];
}

/** A temp root the unprivileged user can reach: os.tmpdir() unless one of its ancestors shuts others out. */
function tempRoot(as: RunAs | null): string {
  const base = tmpdir();
  if (!as) return base;
  for (let dir = base; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return '/tmp';
    if (dirname(dir) === dir) return base;
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes clusters whose owning test run is gone, killing their server if it still runs. */
function reapOrphans(root: string): void {
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => n.startsWith(PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = join(root, name);
    try {
      const owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8').trim());
      if (alive(owner)) continue;
      const pidFile = join(dir, 'data', 'postmaster.pid');
      const postmaster = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
      if (alive(postmaster) && readFileSync(`/proc/${postmaster}/cmdline`, 'utf8').includes(dir)) process.kill(postmaster, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // not ours, or someone else is cleaning it: leave it
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function pickLocale(): string {
  const r = run('locale', ['-a']);
  return r.ok && /^c\.utf-?8$/im.test(r.out) ? 'C.UTF-8' : 'C';
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Synchronous last resort when the process exits without stop(): fast shutdown of every server we started.
  process.on('exit', () => {
    for (const child of running) if (child.pid && child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  });
}

export async function startPgServer(binDir?: string): Promise<PgServer> {
  const bin = binDir ?? findPgBin();
  if (!bin) throw new Error('no PostgreSQL server binaries (postgres, initdb) found: install Debian package `postgresql` or set SAHEL_PG_BIN');
  const as = unprivilegedUser();
  const root = tempRoot(as);
  reapOrphans(root);

  const dir = mkdtempSync(join(root, PREFIX));
  writeFileSync(join(dir, 'owner.pid'), `${process.pid}\n`);
  const data = join(dir, 'data');
  const sock = join(dir, 'sock');
  const log = join(dir, 'postgres.log');
  mkdirSync(sock);
  writeFileSync(log, '');
  if (as) for (const p of [dir, sock, log]) chownSync(p, as.uid, as.gid);

  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC' };
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const [initCmd, initArgs] = wrap(as, join(bin, 'initdb'), [
      '-D', data, '-A', 'trust', '-U', SUPERUSER, '--no-sync', '-E', 'UTF8', `--locale=${pickLocale()}`,
    ]);
    const init = spawnSync(initCmd, initArgs, { cwd: dir, env, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`initdb failed (${init.status ?? init.signal}): ${init.stderr || init.stdout || init.error}`);
  } catch (err) {
    cleanup();
    throw err;
  }

  installExitHook();
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const fd = openSync(log, 'a');
    const [cmd, args] = wrap(as, join(bin, 'postgres'), [
      '-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', sock,
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300',
    ]);
    const child = spawn(cmd, args, { cwd: dir, env, stdio: ['ignore', fd, fd], detached: true });
    closeSync(fd);
    child.unref();
    running.add(child);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    void exited.then(() => running.delete(child));
    const url = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;

    const ready = await waitReady(url, exited);
    if (!ready) {
      const why = tail(log);
      if (attempt < 3 && /could not (bind|create listen socket)|Address already in use/i.test(why)) continue;
      cleanup();
      throw new Error(`PostgreSQL did not start (bin ${bin}${as ? `, as ${as.user}` : ''}):\n${why}`);
    }

    let stopping: Promise<void> | null = null;
    const stop = (): Promise<void> =>
      (stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGINT');
          if (!(await within(exited, 10_000))) {
            try {
              process.kill(-child.pid!, 'SIGKILL');
            } catch {
              child.kill('SIGKILL');
            }
            await within(exited, 5_000);
          }
        }
        running.delete(child);
        cleanup();
      })());
    return { url, port, stop };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether `p` settles within `ms` (the timer is cleared either way, so it never holds the process open). */
async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([p.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** True once the server accepts a query; false if it exits first or does not come up within 30 s. */
async function waitReady(url: string, exited: Promise<void>): Promise<boolean> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 30_000;
  while (!gone && Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return true;
    } catch {
      await client.end().catch(() => {});
      await sleep(50);
    }
  }
  return false;
}
