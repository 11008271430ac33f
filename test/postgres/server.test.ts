// The test PostgreSQL server itself: a real PostgreSQL on 127.0.0.1, a fresh database per file, data round-trips.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { freshDatabase, NO_PG_SERVER, pgTestUrl, type FreshDatabase } from './database.js';

const url = pgTestUrl();

describe.skipIf(!url)(`postgres test server${url ? '' : ` (skipped: ${NO_PG_SERVER})`}`, () => {
  let db: FreshDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    db = await freshDatabase('postgres server test');
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('is a real PostgreSQL server on 127.0.0.1, in a database of its own', async () => {
    expect(new URL(db.url).hostname).toBe('127.0.0.1');
    const { rows } = await client.query<{ version: string; db: string; enc: string }>(
      "SELECT version() AS version, current_database() AS db, pg_encoding_to_char(encoding) AS enc FROM pg_database WHERE datname = current_database()",
    );
    expect(rows[0]?.version).toMatch(/^PostgreSQL \d+/);
    expect(rows[0]?.db).toBe(db.name);
    expect(rows[0]?.enc).toBe('UTF8');
  });

  it('stores and reads back rows, UTF-8 included', async () => {
    await client.query('CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL, at timestamptz NOT NULL DEFAULT now())');
    await client.query('INSERT INTO notes (body) VALUES ($1), ($2)', ['Niamey', 'Tombouctou — ⵜⵉⵎⴱⵓⴽⵜⵓ']);
    const { rows } = await client.query<{ id: number; body: string }>('SELECT id, body FROM notes ORDER BY id');
    expect(rows).toEqual([
      { id: 1, body: 'Niamey' },
      { id: 2, body: 'Tombouctou — ⵜⵉⵎⴱⵓⴽⵜⵓ' },
    ]);
  });

  it('gives each fresh database its own tables, and drops it', async () => {
    const other = await freshDatabase('postgres server test other');
    const c = new pg.Client({ connectionString: other.url });
    await c.connect();
    try {
      const { rows } = await c.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'notes'");
      expect(rows[0]).toEqual({ n: 0 });
    } finally {
      await c.end();
    }
    await other.drop();
    const { rows } = await client.query('SELECT count(*)::int AS n FROM pg_database WHERE datname = $1', [other.name]);
    expect(rows[0]).toEqual({ n: 0 });
  });
});
