// PostgreSQL connections: the pool, and PgConn, what every PostgreSQL repository takes. A PgConn runs its queries on
// the pool (any free connection) or, inside a transaction, on the one client the transaction holds; the same
// repository classes serve both. Nested transactions are savepoints.
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { Row } from '../records.js';

/** The minimal thing a query runs on: a pool or a pool client. */
export interface Queryable {
  query<R extends pg.QueryResultRow = Row>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

// BIGINT (ids, epoch-ms times) and NUMERIC parse to JS numbers: epoch ms and ids stay far below 2^53.
// COUNT(*) is BIGINT too, so counts come back as numbers.
pg.types.setTypeParser(20, (v: string) => Number(v));
pg.types.setTypeParser(1700, (v: string) => Number(v));

export interface PoolOptions {
  max?: number;
  statementTimeoutMs?: number;
  connectionTimeoutMs?: number;
}

/** A pool for the database a URL names. */
export function openPool(url: string, opts: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectionTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: opts.statementTimeoutMs ?? 30_000,
    application_name: 'sahel-watch',
  });
  // An idle client that loses its server emits 'error' on the pool; unhandled it would end the process. The pool
  // drops that client and the next query opens a new connection (or fails, and its caller sees the error).
  pool.on('error', () => undefined);
  return pool;
}

/** The URL without its password (and without a password in the query string), for logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) if (/pass/i.test(key)) u.searchParams.set(key, '***');
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
}

/** The transaction the running code is part of (as on SQLite, code a transaction runs is in it, whichever handle it uses). */
const ambient = new AsyncLocalStorage<PgConn>();

/**
 * Where a repository's queries run: the pool, or one client inside a transaction. `transaction` opens a
 * transaction (BEGIN … COMMIT on a client of the pool), or a savepoint when this is already inside one. A pool
 * PgConn used from code a transaction on the same pool runs joins that transaction, as SQLite's store does.
 */
export class PgConn {
  private savepoints = 0;
  /** The transaction ended (its client went back to the pool). */
  private ended = false;

  private constructor(
    readonly pool: pg.Pool,
    private readonly client: pg.PoolClient | null,
  ) {}

  static of(pool: pg.Pool): PgConn {
    return new PgConn(pool, null);
  }

  /** This, or the transaction of the running code on the same pool. */
  private get effective(): PgConn {
    if (this.client) return this;
    const tx = ambient.getStore();
    return tx && tx.pool === this.pool && !tx.ended ? tx : this;
  }

  get inTransaction(): boolean {
    return this.effective.client !== null;
  }

  private get target(): Queryable {
    const conn = this.effective;
    return (conn.client ?? conn.pool) as unknown as Queryable;
  }

  /** The rows of one statement. */
  async query<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    const r = await this.target.query(sql, params);
    return r.rows as T[];
  }

  /** The first row, or null. */
  async one<T = Row>(sql: string, params: unknown[] = []): Promise<T | null> {
    const rows = await this.query<T>(sql, params);
    return rows[0] ?? null;
  }

  /** How many rows a statement changed. */
  async run(sql: string, params: unknown[] = []): Promise<number> {
    const r = await this.target.query(sql, params);
    return r.rowCount ?? 0;
  }

  /** Run fn in a transaction (a savepoint when already in one); it commits when fn resolves, rolls back when it throws. */
  async transaction<T>(fn: (conn: PgConn) => Promise<T>): Promise<T> {
    const conn = this.effective;
    if (conn !== this) return conn.transaction(fn);
    if (this.client) {
      const name = `sp${++this.savepoints}`;
      await this.client.query(`SAVEPOINT ${name}`);
      try {
        const out = await fn(this);
        await this.client.query(`RELEASE SAVEPOINT ${name}`);
        return out;
      } catch (err) {
        await this.client.query(`ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`).catch(() => undefined);
        throw err;
      }
    }
    const client = await this.pool.connect();
    let broken: unknown = undefined;
    const tx = new PgConn(this.pool, client);
    try {
      await client.query('BEGIN');
      const out = await ambient.run(tx, () => fn(tx));
      await client.query('COMMIT');
      return out;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackErr) {
        broken = rollbackErr; // the connection is unusable: the pool must not hand it out again
      }
      throw err;
    } finally {
      tx.ended = true;
      client.release(broken instanceof Error ? broken : undefined);
    }
  }
}

/** Run fn in a transaction on one client of the pool (or a savepoint inside `conn`'s transaction). */
export function withTransaction<T>(on: pg.Pool | PgConn, fn: (conn: PgConn) => Promise<T>): Promise<T> {
  return (on instanceof PgConn ? on : PgConn.of(on)).transaction(fn);
}
