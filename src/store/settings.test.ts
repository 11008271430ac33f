import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from './index.js';

describe("a server's language", () => {
  it('is the default for a server that never chose one, or whose stored language we do not speak', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sahel-settings-')), 'test.db');
    let store = SqliteStore.open(path);
    expect(await store.subscriptions.language('g1')).toBe('en');
    await store.subscriptions.setLanguage('g1', 'fr');
    await store.subscriptions.setLanguage('g2', 'fr');
    expect(await store.subscriptions.language('g1')).toBe('fr');
    await store.close();
    const raw = new Database(path);
    raw.prepare("UPDATE guild_settings SET language = 'de' WHERE guild_id = 'g2'").run();
    raw.close();
    store = SqliteStore.open(path);
    expect(await store.subscriptions.language('g1')).toBe('fr');
    expect(await store.subscriptions.language('g2')).toBe('en');
    await store.close();
  });
});
