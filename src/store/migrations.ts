// Versioned schema migrations, applied in order at start inside one transaction each.
// Never edit a released migration: add a new one.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'feeds, items, stories, subscriptions, deliveries, full-text index',
    sql: `
      CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT,
        site_url TEXT,
        language TEXT,
        is_default INTEGER NOT NULL DEFAULT 0,
        interval_ms INTEGER,
        etag TEXT,
        last_modified TEXT,
        body_hash TEXT,
        initialized INTEGER NOT NULL DEFAULT 0,
        next_poll_at INTEGER,
        last_polled_at INTEGER,
        last_success_at INTEGER,
        last_item_count INTEGER,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        paused_at INTEGER,
        paused_reason TEXT,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        original_item_id INTEGER,
        best_item_id INTEGER,
        title TEXT NOT NULL,
        link TEXT,
        summary TEXT,
        countries TEXT NOT NULL DEFAULT '',
        themes TEXT NOT NULL DEFAULT '',
        score REAL NOT NULL DEFAULT 0,
        relevant INTEGER NOT NULL DEFAULT 0,
        source_count INTEGER NOT NULL DEFAULT 1,
        event_date INTEGER,
        first_seen_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL
      );
      CREATE INDEX stories_first_seen ON stories(first_seen_at DESC);
      CREATE INDEX stories_relevant_first_seen ON stories(relevant, first_seen_at DESC);

      CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        identity TEXT NOT NULL,
        story_id INTEGER REFERENCES stories(id) ON DELETE SET NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        link TEXT,
        canonical_url TEXT,
        author TEXT,
        published_at INTEGER,
        fetched_at INTEGER NOT NULL,
        lang TEXT,
        relevant INTEGER NOT NULL DEFAULT 0,
        score REAL NOT NULL DEFAULT 0,
        countries TEXT NOT NULL DEFAULT '',
        themes TEXT NOT NULL DEFAULT '',
        actors TEXT NOT NULL DEFAULT '',
        topic_match TEXT,
        article_text TEXT,
        summary TEXT,
        fingerprint BLOB,
        UNIQUE (feed_id, identity)
      );
      CREATE INDEX items_story ON items(story_id);
      CREATE INDEX items_canonical ON items(canonical_url);
      CREATE INDEX items_fetched ON items(fetched_at DESC);

      CREATE VIRTUAL TABLE items_fts USING fts5(title, text, content='items', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
      CREATE TRIGGER items_fts_ai AFTER INSERT ON items BEGIN
        INSERT INTO items_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
      END;
      CREATE TRIGGER items_fts_ad AFTER DELETE ON items BEGIN
        INSERT INTO items_fts(items_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
      END;
      CREATE TRIGGER items_fts_au AFTER UPDATE OF title, text ON items BEGIN
        INSERT INTO items_fts(items_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO items_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
      END;

      CREATE TABLE guild_settings (
        guild_id TEXT PRIMARY KEY,
        language TEXT NOT NULL DEFAULT 'en',
        feeds_initialized INTEGER NOT NULL DEFAULT 0
      );

      -- Which feeds a server follows. Default feeds are copied in when a server first subscribes.
      CREATE TABLE guild_feeds (
        guild_id TEXT NOT NULL,
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        added_by TEXT,
        added_at INTEGER NOT NULL,
        PRIMARY KEY (guild_id, feed_id)
      );
      CREATE INDEX guild_feeds_feed ON guild_feeds(feed_id);

      CREATE TABLE subscriptions (
        id INTEGER PRIMARY KEY,
        guild_id TEXT NOT NULL,
        channel_id TEXT NOT NULL UNIQUE,
        countries TEXT NOT NULL DEFAULT '',
        themes TEXT NOT NULL DEFAULT '',
        min_score REAL NOT NULL DEFAULT 0,
        mode TEXT NOT NULL DEFAULT 'realtime' CHECK (mode IN ('realtime', 'digest')),
        digest_time TEXT,
        digest_timezone TEXT,
        digest_period TEXT CHECK (digest_period IS NULL OR digest_period IN ('daily', 'weekly')),
        last_digest_at INTEGER,
        role_id TEXT,
        include_rehash INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'broken')),
        status_reason TEXT,
        created_by TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX subscriptions_guild ON subscriptions(guild_id);

      -- The outbox: one row per (subscription, story), written in the same transaction as the item.
      CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY,
        subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
        story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        channel_id TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped', 'digest')),
        rehash INTEGER NOT NULL DEFAULT 0,
        nonce TEXT NOT NULL UNIQUE,
        message_id TEXT,
        edit_pending INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        sent_at INTEGER,
        UNIQUE (subscription_id, story_id)
      );
      CREATE INDEX deliveries_pending ON deliveries(status, next_attempt_at) WHERE status = 'pending';
      CREATE INDEX deliveries_edit ON deliveries(edit_pending) WHERE edit_pending = 1;
      CREATE INDEX deliveries_story ON deliveries(story_id);

      -- Notices a server is told once (feed paused, channel unreachable): the key makes "once" durable.
      CREATE TABLE notices (
        key TEXT PRIMARY KEY,
        guild_id TEXT NOT NULL,
        channel_id TEXT,
        text TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        created_at INTEGER NOT NULL,
        sent_at INTEGER
      );

      CREATE TABLE kv (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'flood control: deliveries folded into an overflow message',
    sql: `
      ALTER TABLE deliveries ADD COLUMN overflow INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX deliveries_channel_sent ON deliveries(channel_id, sent_at) WHERE status = 'sent';
      CREATE INDEX deliveries_digest ON deliveries(subscription_id) WHERE status = 'digest';
    `,
  },
  {
    version: 3,
    name: 'full-text index holds only items about the Sahel',
    sql: `
      DROP TRIGGER items_fts_ai;
      DROP TRIGGER items_fts_ad;
      DROP TRIGGER items_fts_au;
      INSERT INTO items_fts(items_fts) VALUES ('delete-all');
      INSERT INTO items_fts(rowid, title, text) SELECT id, title, text FROM items WHERE relevant = 1;
      CREATE TRIGGER items_fts_ai AFTER INSERT ON items WHEN new.relevant = 1 BEGIN
        INSERT INTO items_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
      END;
      CREATE TRIGGER items_fts_ad AFTER DELETE ON items WHEN old.relevant = 1 BEGIN
        INSERT INTO items_fts(items_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
      END;
      CREATE TRIGGER items_fts_au AFTER UPDATE OF title, text, relevant ON items BEGIN
        INSERT INTO items_fts(items_fts, rowid, title, text) SELECT 'delete', old.id, old.title, old.text WHERE old.relevant = 1;
        INSERT INTO items_fts(rowid, title, text) SELECT new.id, new.title, new.text WHERE new.relevant = 1;
      END;
    `,
  },
  {
    version: 4,
    name: 'why an item joined its story',
    sql: `
      ALTER TABLE items ADD COLUMN story_join TEXT;
    `,
  },
  {
    version: 5,
    name: 'search covers the extracted article; English stemming over accent-free words',
    sql: `
      DROP TRIGGER items_fts_ai;
      DROP TRIGGER items_fts_ad;
      DROP TRIGGER items_fts_au;
      DROP TABLE items_fts;
      CREATE VIRTUAL TABLE items_fts USING fts5(title, text, article_text, content='items', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
      INSERT INTO items_fts(rowid, title, text, article_text) SELECT id, title, text, article_text FROM items WHERE relevant = 1;
      CREATE TRIGGER items_fts_ai AFTER INSERT ON items WHEN new.relevant = 1 BEGIN
        INSERT INTO items_fts(rowid, title, text, article_text) VALUES (new.id, new.title, new.text, new.article_text);
      END;
      CREATE TRIGGER items_fts_ad AFTER DELETE ON items WHEN old.relevant = 1 BEGIN
        INSERT INTO items_fts(items_fts, rowid, title, text, article_text) VALUES ('delete', old.id, old.title, old.text, old.article_text);
      END;
      CREATE TRIGGER items_fts_au AFTER UPDATE OF title, text, article_text, relevant ON items BEGIN
        INSERT INTO items_fts(items_fts, rowid, title, text, article_text) SELECT 'delete', old.id, old.title, old.text, old.article_text WHERE old.relevant = 1;
        INSERT INTO items_fts(rowid, title, text, article_text) SELECT new.id, new.title, new.text, new.article_text WHERE new.relevant = 1;
      END;
    `,
  },
  {
    version: 6,
    name: 'retention: items deleted after RETENTION_DAYS are remembered by feed identity, so a feed still listing one does not bring it back',
    sql: `
      CREATE TABLE forgotten_items (
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        identity TEXT NOT NULL,
        forgotten_at INTEGER NOT NULL,
        PRIMARY KEY (feed_id, identity)
      ) WITHOUT ROWID;
      CREATE INDEX stories_last_seen ON stories(last_seen_at);
    `,
  },
  {
    version: 7,
    name: 'notices are stored as a kind and its parameters, rendered by the chat adapter; rows queued before keep their text as kind legacy',
    sql: `
      ALTER TABLE notices ADD COLUMN kind TEXT NOT NULL DEFAULT 'legacy';
      ALTER TABLE notices ADD COLUMN params TEXT NOT NULL DEFAULT '{}';
    `,
  },
  {
    version: 8,
    name: 'several processes: feed leases for pollers, role leases (story writer, sender), items awaiting the story writer',
    sql: `
      ALTER TABLE feeds ADD COLUMN lease_owner TEXT;
      ALTER TABLE feeds ADD COLUMN lease_until INTEGER;
      ALTER TABLE items ADD COLUMN awaiting_story INTEGER NOT NULL DEFAULT 0;
      -- 0 filed or not relevant; 1 awaiting its story, to be posted; 2 awaiting it quietly (a first run's older items).
      CREATE INDEX items_awaiting_story ON items(id) WHERE awaiting_story > 0;
      CREATE TABLE leases (
        name TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
    `,
  },
];
