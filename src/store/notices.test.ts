import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';
import { SqliteStore } from './index.js';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'sahel-notices-')), 'test.db');

describe('notices stored as {kind, params}', () => {
  it('round-trips a notice as data: no text is stored for it', async () => {
    const store = SqliteStore.open(tmp());
    const notice = { key: 'k', guildId: 'g', channelId: 'c', kind: 'feed-paused', params: { feed: 'Example News', failures: 10, error: 'answered 404' } } as const;
    expect(await store.subscriptions.addNotice(notice, 1)).toBe(true);
    expect(await store.subscriptions.addNotice(notice, 2)).toBe(false);
    expect(await store.subscriptions.pendingNotices()).toEqual([notice]);
    await store.close();
  });

  it('a notice queued as finished text before migration 7 is still sent, as the legacy kind carrying its text', async () => {
    const path = tmp();
    const old = new Database(path);
    for (const m of MIGRATIONS.filter((x) => x.version < 7)) old.exec(m.sql);
    old.pragma('user_version = 6');
    old.prepare("INSERT INTO notices(key, guild_id, channel_id, text, created_at) VALUES ('old', 'g', NULL, '⚠️ an old notice', 1)").run();
    old.close();
    const store = SqliteStore.open(path);
    expect(await store.subscriptions.pendingNotices()).toEqual([{ key: 'old', guildId: 'g', channelId: null, kind: 'legacy', params: { text: '⚠️ an old notice' } }]);
    await store.close();
  });
});
