// `npm run migrate-store -- --to postgres://… [--from ./data/sahel-watch.db] [--replace]`: copy the SQLite database
// (DATABASE_PATH by default) into an empty PostgreSQL database, ids kept, then compare both sides. Stop the bot first.
// Exit 0: copied and checked; 1: refused, failed or mismatched (nothing committed); 2: usage.
import 'dotenv/config';
import { loadCoreConfig } from '../config.js';
import { migrateSqliteToPostgres, MigrationError, type MigrationReport } from '../store/migrate.js';

const USAGE = 'usage: npm run migrate-store -- --to postgres://user:password@host:5432/db [--from ./data/sahel-watch.db] [--replace]';

function usage(problem?: string): never {
  if (problem) console.error(`migrate-store: ${problem}`);
  console.error(USAGE);
  process.exit(2);
}

function parseArgs(argv: string[]): { to: string; from: string | undefined; replace: boolean } {
  let to: string | undefined;
  let from: string | undefined;
  let replace = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (!v || v.startsWith('--')) usage(`${flag} needs a value`);
      return v;
    };
    if (flag === '--to') to = value();
    else if (flag === '--from') from = value();
    else if (flag === '--replace') replace = true;
    else if (flag === '--help' || flag === '-h') usage();
    else usage(`unknown argument ${arg}`);
  }
  if (!to) usage('--to is required');
  if (!/^postgres(ql)?:\/\//i.test(to)) usage('--to must be a postgres:// URL');
  return { to, from, replace };
}

function printReport(r: MigrationReport): void {
  const rows = [...r.tables, ...r.checks];
  const width = Math.max(...rows.map((x) => x.name.length), 5);
  const num = Math.max(...rows.flatMap((x) => [String(x.source).length, String(x.target).length]), 6);
  const line = (name: string, a: string, b: string, mark: string): string => `${name.padEnd(width)}  ${a.padStart(num)}  ${b.padStart(num)}  ${mark}`;
  console.log(line('table', 'sqlite', 'postgres', ''));
  for (const [i, x] of rows.entries()) {
    if (i === r.tables.length) console.log(line('check', '', '', ''));
    console.log(line(x.name, String(x.source), String(x.target), x.source === x.target ? 'ok' : 'MISMATCH'));
  }
  for (const s of r.skipped) console.log(`not copied: ${s}`);
}

const args = parseArgs(process.argv.slice(2));
try {
  const from = args.from ?? loadCoreConfig(process.env).databasePath;
  const report = await migrateSqliteToPostgres({
    from,
    to: args.to,
    replace: args.replace,
    progress: (l) => console.error(`migrate-store: ${l}`),
  });
  printReport(report);
  console.log(`copied ${report.rows} row${report.rows === 1 ? '' : 's'} from ${from} in ${(report.ms / 1000).toFixed(1)} s; counts match. Set DATABASE_URL in .env to use it.`);
} catch (err) {
  if (err instanceof MigrationError && err.report) printReport(err.report);
  console.error(`migrate-store: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
