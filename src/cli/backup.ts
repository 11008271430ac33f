// `npm run backup [-- DEST]`: an online, consistent copy of the database, safe while the bot runs.
import 'dotenv/config';
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { loadConfig } from '../config.js';
import { Store } from '../store/index.js';

try {
  const config = loadConfig(process.env, { requireToken: false });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dest = process.argv[2] ?? join(dirname(config.databasePath), 'backups', `sahel-watch-${stamp}.db`);
  const store = Store.open(config.databasePath);
  try {
    mkdirSync(dirname(dest), { recursive: true });
    await store.backup(dest);
  } finally {
    store.close();
  }
  const copy = Store.open(dest);
  const check = copy.integrityCheck();
  copy.close();
  if (check !== 'ok') throw new Error(`the backup at ${dest} failed its integrity check: ${check}`);
  console.log(`backup written to ${dest} (integrity ok)`);
} catch (err) {
  console.error(`backup: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
