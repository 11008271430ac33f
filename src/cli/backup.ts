// `npm run backup [-- DEST]`: an online, consistent copy of the database, safe while the bot runs.
import 'dotenv/config';
import { existsSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { loadCoreConfig } from '../config.js';
import { backupDatabase } from '../store/index.js';

try {
  const config = loadCoreConfig(process.env);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dest = process.argv[2] ?? join(dirname(config.databasePath), 'backups', `sahel-watch-${stamp}.db`);
  if (!existsSync(config.databasePath)) throw new Error(`no database at ${config.databasePath} (set DATABASE_PATH)`);
  mkdirSync(dirname(dest), { recursive: true });
  const check = await backupDatabase(config.databasePath, dest);
  if (check !== 'ok') throw new Error(`the backup at ${dest} failed its integrity check: ${check}`);
  console.log(`backup written to ${dest} (integrity ok)`);
} catch (err) {
  console.error(`backup: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
