import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupDatabase, closeDatabase, openDatabase, schemaVersion, StoreError } from './db.js';
import { MIGRATIONS } from './migrations.js';
import { thrown } from '../../test/rejection.js';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'sahel-db-')), 'test.db');

describe('openDatabase', () => {
  it('creates a WAL database with foreign keys and the newest schema', () => {
    const path = tmp();
    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    db.close();
  });

  it('re-opening applies nothing twice and keeps data', () => {
    const path = tmp();
    const db = openDatabase(path);
    db.prepare("INSERT INTO kv(key, value) VALUES ('k', 'v')").run();
    db.close();
    const again = openDatabase(path);
    expect(again.prepare("SELECT value FROM kv WHERE key = 'k'").get()).toEqual({ value: 'v' });
    again.close();
  });

  it('refuses a database newer than the build', () => {
    const path = tmp();
    const db = openDatabase(path);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabase(path)).toThrow(/newer than this build/);
  });

  it('refuses a file that is not a database with a clear error', () => {
    const path = tmp();
    writeFileSync(path, 'this is not sqlite'.repeat(300));
    const err = thrown(() => openDatabase(path), Error);
    expect(err instanceof StoreError || /not a database|file is not/i.test(String(err))).toBe(true);
  });
});

describe('start-up check', () => {
  it('checks the whole file after a crash and only the schema after a clean shutdown', async () => {
    const { closeDatabase } = await import('./db.js');
    const path = tmp();
    const db = openDatabase(path);
    expect(db.pragma('application_id', { simple: true })).toBe(0); // open: not clean until closed
    closeDatabase(db);
    const reopened = openDatabase(path);
    expect(reopened.pragma('application_id', { simple: true })).toBe(0);
    reopened.close(); // a plain close, as after a crash: the next open runs quick_check
    expect(() => openDatabase(path).close()).not.toThrow();
  });

  it('backs up a database in use: a consistent copy, and the live file is not marked as cleanly shut down', async () => {
    const path = tmp();
    const live = openDatabase(path);
    live.exec('CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)');
    const insert = live.prepare('INSERT INTO notes(body) VALUES (?)');
    for (let i = 0; i < 500; i++) insert.run(`note ${i}`);
    const dest = join(mkdtempSync(join(tmpdir(), 'sahel-backup-')), 'copy.db');
    // A write lands while the backup runs; the copy is consistent either way.
    const backingUp = backupDatabase(path, dest);
    insert.run('written during the backup');
    expect(await backingUp).toBe('ok');
    const copy = openDatabase(dest);
    const rows = Number(copy.prepare('SELECT count(*) FROM notes').pluck().get());
    expect(rows === 500 || rows === 501).toBe(true);
    expect(schemaVersion(copy)).toBe(schemaVersion(live));
    copy.close();
    // The bot still holds the live file: it must still look like a running (unclean) database.
    expect(live.pragma('application_id', { simple: true })).toBe(0);
    live.close();
    await expect(backupDatabase(join(tmpdir(), 'no-such-dir', 'missing.db'), dest)).rejects.toThrow();
  });
});

describe('clean-shutdown mark', () => {
  const header = (path: string) => {
    const raw = new Database(path);
    try {
      return raw.pragma('application_id', { simple: true });
    } finally {
      raw.close();
    }
  };

  it('is written only when the last connection of a running process closes; a killed holder does not block it', () => {
    const path = tmp();
    const bot = openDatabase(path);
    const cli = openDatabase(path);
    closeDatabase(cli);
    expect(header(path)).toBe(0); // the bot still holds the file
    // A process that held the file and died without closing it (its pid no longer runs).
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    bot.prepare("INSERT INTO kv(key, value) VALUES ('open:killed', ?)").run(JSON.stringify({ pid: dead, start: null }));
    closeDatabase(bot);
    expect(header(path)).not.toBe(0);
    const again = openDatabase(path);
    expect(again.prepare("SELECT count(*) FROM kv WHERE key LIKE 'open:%'").pluck().get()).toBe(1); // its own row only
    closeDatabase(again);
  });
});
