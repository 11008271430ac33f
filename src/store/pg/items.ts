// Items and stories on PostgreSQL: the same records, order and server isolation as src/store/items.ts (SQLite).
import type { Filing, ItemStore, SearchHit, StoredFingerprint, StoryFilter, StoryStore, StoryUpdate } from '../api.js';
import type { NewItem, SeenItem, StoredItem, Story, StorySource } from '../types.js';
import type { PgConn } from './connection.js';
import { toItem, toSeenItem, toStory, toStorySource, type Row } from '../records.js';



/** Every column of an item but its search vector (large, and never read back). */
const ITEM = `id, feed_id, identity, story_id, title, text, link, canonical_url, author, published_at, fetched_at, lang, relevant, score,
  countries, themes, actors, topic_match, article_text, summary, story_join`;

/** The feeds a server follows, as an SQL subquery taking the server's id as parameter `$n`. */
const followedFeeds = (n: number): string => `SELECT feed_id FROM guild_feeds WHERE guild_id = $${n}`;

/** Rows per page when streaming fingerprints: the index is rebuilt without holding the whole table in memory. */
export const FINGERPRINT_PAGE = 5000;

/** items.awaiting_story, as on SQLite: 0 filed (or not relevant), 1 awaiting its story and to be posted, 2 awaiting it quietly. */
const AWAITING = { no: 0, post: 1, quiet: 2 } as const;

/** Only the newest matches are ranked, as on SQLite: ranking every hit of a common word would scan the archive. */
const SEARCH_CANDIDATES = 500;
/** Words in a snippet, as SQLite's snippet(…, 24). */
const SNIPPET_WORDS = 24;
/** Words shown before the first match in a snippet. */
const SNIPPET_LEAD = 10;

/** The word without its accents (NFD, combining marks dropped): `Goïta` → `Goita`. */
export function foldAccents(word: string): string {
  return word.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
}

/**
 * The search words of any user text, as SQLite's toFtsQuery takes them (letters and digits, at most 12), each
 * with its accent-free form when it differs. Operators, quotes, parentheses and colons are never interpreted.
 */
export function searchWords(text: string): string[][] {
  const words = text.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.slice(0, 12).map((w) => [...new Set([w, foldAccents(w)])]);
}

const CONFIGS = ['english', 'french', 'simple'] as const;

/**
 * A tsquery expression over parameters from `$first` on: every word must match (&), in any of the three
 * configurations and in its written or accent-free form (|). Each word goes through plainto_tsquery, which
 * reads it as text, never as operators; a word that is only a stop word in one configuration still counts in
 * 'simple'.
 */
export function tsqueryOf(words: string[][], first: number): { sql: string; params: string[] } {
  const params: string[] = [];
  const terms = words.map((forms) => {
    const alts = forms.flatMap((form) => {
      params.push(form);
      const p = `$${first + params.length - 1}`;
      return CONFIGS.map((c) => `plainto_tsquery('${c}', ${p})`);
    });
    return `(${alts.join(' || ')})`;
  });
  return { sql: terms.join(' && '), params };
}

/** Matches marked by ts_headline ('**' around each). */
const marks = (s: string): number => (s.match(/\*\*/g)?.length ?? 0) / 2;

/** Accented letters and their accent-free forms, one for one, for SQL's translate() (lengths are kept). */
const ACCENTED = 'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝýÿ';
const UNACCENTED = 'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYyy';

/**
 * The best highlight of one column, in SQL: of the three configurations' (the one marking the most words), else
 * of its accent-free copy (a word written with accents found by its accent-free form), which `unfold` maps back.
 */
function bestHeadline(column: string, options: string): string {
  const hs = CONFIGS.map((c) => `ts_headline('${c}', ${column}, q.q, '${options}')`);
  const folded = `ts_headline('simple', translate(${column}, '${ACCENTED}', '${UNACCENTED}'), q.q, '${options}')`;
  return `(SELECT h FROM unnest(ARRAY[${hs.join(', ')}, ${folded}]) WITH ORDINALITY AS x(h, n)
    ORDER BY length(h) - length(replace(h, '**', '')) DESC, n LIMIT 1)`;
}

/**
 * Put the marks of a highlight of the accent-free copy onto the original text (the copy has the same length);
 * a highlight of the original itself comes out as it is; one that does not line up is returned unchanged.
 */
export function unfold(original: string, highlighted: string): string {
  if (highlighted.length - 4 * marks(highlighted) !== original.length) return highlighted;
  let out = '';
  let j = 0;
  for (let i = 0; i < highlighted.length;) {
    if (highlighted.startsWith('**', i) && !original.startsWith('**', j)) {
      out += '**';
      i += 2;
    } else {
      out += original[j] ?? '';
      i++;
      j++;
    }
  }
  return j === original.length ? out : original;
}

/**
 * Cut a 24-word window around the first match of a fully highlighted text, with '…' where it was cut, as
 * SQLite's snippet() shapes it.
 */
export function snippetOf(highlighted: string): string {
  const words = highlighted.split(/\s+/).filter(Boolean);
  if (words.length <= SNIPPET_WORDS) return words.join(' ');
  const hit = Math.max(0, words.findIndex((w) => w.includes('**')));
  let start = Math.min(Math.max(0, hit - SNIPPET_LEAD), words.length - SNIPPET_WORDS);
  let end = start + SNIPPET_WORDS;
  // A match cut at the window's edge would leave an unbalanced '**'.
  while (start > 0 && marks(words.slice(start, end).join(' ')) % 1 !== 0) start--;
  while (end < words.length && marks(words.slice(start, end).join(' ')) % 1 !== 0) end++;
  return `${start > 0 ? '…' : ''}${words.slice(start, end).join(' ')}${end < words.length ? '…' : ''}`;
}

export class PgItemStore implements ItemStore {
  constructor(private readonly db: PgConn) {}

  async knownIdentities(feedId: number, identities: string[]): Promise<Set<string>> {
    if (identities.length === 0) return new Set();
    // An item deleted by retention stays known: a feed still listing it does not bring it back as news.
    const rows = await this.db.query<Row>(
      `SELECT identity FROM items WHERE feed_id = $1 AND identity = ANY($2::text[])
       UNION SELECT identity FROM forgotten_items WHERE feed_id = $1 AND identity = ANY($2::text[])`,
      [feedId, identities],
    );
    return new Set(rows.map((r) => String(r.identity)));
  }

  async insert(item: NewItem): Promise<number> {
    const rows = await this.db.query<Row>(
      `INSERT INTO items(feed_id, identity, title, text, link, canonical_url, author, published_at, fetched_at, lang,
         relevant, score, countries, themes, actors, topic_match, article_text, summary, fingerprint, story_id, story_join, awaiting_story)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::text[], $14::text[], $15::text[], $16::jsonb, $17, $18, $19, $20, $21::jsonb, $22)
       RETURNING id`,
      [
        item.feedId, item.identity, item.title, item.text, item.link, item.canonicalUrl, item.author, item.publishedAt, item.fetchedAt, item.lang,
        item.relevant, item.score, item.countries, item.themes, item.actors,
        item.topicMatch === null || item.topicMatch === undefined ? null : JSON.stringify(item.topicMatch), item.articleText, item.summary,
        item.fingerprint, item.storyId ?? null, item.storyJoin ? JSON.stringify(item.storyJoin) : null, AWAITING[item.awaitingStory ?? 'no'],
      ],
    );
    return Number(rows[0]!.id);
  }

  async byId(id: number): Promise<StoredItem | null> {
    const rows = await this.db.query<Row>(`SELECT ${ITEM} FROM items WHERE id = $1`, [id]);
    return rows[0] ? toItem(rows[0]) : null;
  }

  async textLength(id: number): Promise<number | null> {
    // Measured in JavaScript: PostgreSQL counts code points, the bot (and SQLite's store) UTF-16 units.
    const rows = await this.db.query<Row>('SELECT COALESCE(article_text, text) AS t FROM items WHERE id = $1', [id]);
    return rows[0] ? String(rows[0].t ?? '').length : null;
  }

  async setStory(itemId: number, storyId: number): Promise<void> {
    await this.db.query('UPDATE items SET story_id = $1 WHERE id = $2', [storyId, itemId]);
  }

  /** Streamed a page at a time (keyset paging on id): the table is never held in memory at once. */
  async *fingerprints(): AsyncGenerator<StoredFingerprint> {
    let last = 0;
    for (;;) {
      const rows = await this.db.query<Row>(
        'SELECT id, story_id, fingerprint FROM items WHERE id > $1 AND fingerprint IS NOT NULL AND story_id IS NOT NULL ORDER BY id LIMIT $2',
        [last, FINGERPRINT_PAGE],
      );
      for (const r of rows) yield { itemId: Number(r.id), storyId: Number(r.story_id), fingerprint: r.fingerprint as Buffer };
      if (rows.length < FINGERPRINT_PAGE) return;
      last = Number(rows[rows.length - 1]!.id);
    }
  }

  async fingerprintOf(id: number): Promise<Buffer | null> {
    const rows = await this.db.query<Row>('SELECT fingerprint FROM items WHERE id = $1', [id]);
    const v = rows[0]?.fingerprint;
    return v instanceof Buffer ? v : null;
  }

  async setFingerprint(itemId: number, fingerprint: Buffer): Promise<void> {
    await this.db.query('UPDATE items SET fingerprint = $1 WHERE id = $2', [fingerprint, itemId]);
  }

  /** Relevant items a poller stored for the story writer to file, oldest first; `post`: queue their deliveries. */
  async awaitingStory(limit: number, afterId = 0): Promise<{ item: StoredItem; post: boolean }[]> {
    const rows = await this.db.query<Row>(`SELECT ${ITEM}, awaiting_story FROM items WHERE awaiting_story > 0 AND id > $2 ORDER BY id LIMIT $1`, [limit, afterId]);
    return rows.map((r) => ({ item: toItem(r), post: Number(r.awaiting_story) === AWAITING.post }));
  }

  async file(itemId: number, filing: Filing): Promise<void> {
    await this.db.query('UPDATE items SET story_id = $1, fingerprint = $2, story_join = $3::jsonb, awaiting_story = 0 WHERE id = $4', [
      filing.storyId, filing.fingerprint, filing.join ? JSON.stringify(filing.join) : null, itemId,
    ]);
  }

  async count(): Promise<number> {
    const rows = await this.db.query<Row>('SELECT count(*) AS n FROM items');
    return Number(rows[0]!.n);
  }

  async countSince(since: number): Promise<number> {
    const rows = await this.db.query<Row>('SELECT count(*) AS n FROM items WHERE fetched_at >= $1', [since]);
    return Number(rows[0]!.n);
  }

  /**
   * Full-text search over items about the Sahel (only those have a search vector). As on SQLite, only the newest
   * 500 matches (of the server's feeds) are ranked, `since` is applied to those, and only the final rows are
   * highlighted.
   */
  async search(query: string, opts: { since?: number; limit?: number; guildId?: string } = {}): Promise<SearchHit[]> {
    const words = searchWords(query);
    if (words.length === 0) return [];
    const limit = opts.limit ?? 10;
    const q = tsqueryOf(words, 1);
    const args: unknown[] = [...q.params];
    const arg = (v: unknown): string => `$${args.push(v)}`;
    // A server's search is filtered before the 500 are taken: another server's feeds can neither show up in it
    // nor crowd its own matches out.
    const guild = opts.guildId === undefined ? '' : `AND m.feed_id IN (${followedFeeds(args.push(opts.guildId))})`;
    const ranked = await this.db.query<Row>(
      `WITH q AS (SELECT ${q.sql} AS q),
       c AS (SELECT m.id FROM items m, q WHERE m.search @@ q.q ${guild} ORDER BY m.id DESC LIMIT ${SEARCH_CANDIDATES})
       SELECT i.id FROM c JOIN items i ON i.id = c.id, q
       WHERE i.fetched_at >= ${arg(opts.since ?? 0)}
       ORDER BY ts_rank_cd(i.search, q.q) DESC, i.id DESC LIMIT ${arg(limit)}`,
      args,
    );
    if (ranked.length === 0) return [];
    const ids = ranked.map((r) => Number(r.id));
    const full = 'StartSel=**, StopSel=**, HighlightAll=true';
    const rows = await this.db.query<Row>(
      `WITH q AS (SELECT ${q.sql} AS q)
       SELECT ${ITEM.replace(/(^|,\s*)/g, '$1i.')}, ${bestHeadline('i.title', full)} AS hl_title, ${bestHeadline('i.text', full)} AS hl_text,
         ${bestHeadline("COALESCE(i.article_text, '')", full)} AS hl_article
       FROM items i, q WHERE i.id = ANY($${q.params.length + 1}::bigint[])`,
      [...q.params, ids],
    );
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      const item = toItem(r);
      const title = unfold(item.title, String(r.hl_title ?? item.title));
      // The snippet comes from the text column with the most matches (the feed text on a tie), else the title.
      const text = unfold(item.text, String(r.hl_text ?? ''));
      const article = unfold(item.articleText ?? '', String(r.hl_article ?? ''));
      const body = marks(article) > marks(text) ? article : text;
      const snippet = marks(body) > 0 || marks(title) === 0 ? snippetOf(body) : snippetOf(title);
      return [{ item, titleHighlighted: title, snippet }];
    });
  }
}

export class PgStoryStore implements StoryStore {
  constructor(private readonly db: PgConn) {}

  async create(s: Omit<Story, 'id' | 'sourceCount'>): Promise<number> {
    const rows = await this.db.query<Row>(
      `INSERT INTO stories(original_item_id, best_item_id, title, link, summary, countries, themes, score, relevant, event_date, first_seen_at, last_seen_at)
       VALUES ($1, $2, $3, $4, $5, $6::text[], $7::text[], $8, $9, $10, $11, $12) RETURNING id`,
      [s.originalItemId, s.bestItemId, s.title, s.link, s.summary, s.countries, s.themes, s.score, s.relevant, s.eventDate, s.firstSeenAt, s.lastSeenAt],
    );
    return Number(rows[0]!.id);
  }

  async byId(id: number): Promise<Story | null> {
    const rows = await this.db.query<Row>('SELECT * FROM stories WHERE id = $1', [id]);
    return rows[0] ? toStory(rows[0]) : null;
  }

  async setFirstItem(storyId: number, itemId: number): Promise<void> {
    await this.db.query('UPDATE stories SET original_item_id = $1, best_item_id = $1 WHERE id = $2', [itemId, storyId]);
  }

  async addSource(storyId: number, at: number, update: StoryUpdate): Promise<void> {
    await this.db.query(
      `UPDATE stories SET source_count = (SELECT count(*) FROM items WHERE story_id = $1), last_seen_at = GREATEST(last_seen_at, $2),
         best_item_id = COALESCE($3, best_item_id), title = COALESCE($4, title), link = COALESCE($5, link), summary = COALESCE($6, summary),
         countries = COALESCE($7::text[], countries), themes = COALESCE($8::text[], themes), score = GREATEST(score, COALESCE($9, score)),
         relevant = relevant OR COALESCE($10::boolean, relevant)
       WHERE id = $1`,
      [
        storyId, at, update.best?.itemId ?? null, update.best?.title ?? null, update.best?.link ?? null, update.best?.summary ?? null,
        update.countries ?? null, update.themes ?? null, update.score ?? null, update.relevant ?? null,
      ],
    );
  }

  async sources(storyId: number): Promise<StorySource[]> {
    const rows = await this.db.query<Row>(
      `SELECT i.id, i.title, i.link, i.published_at, i.fetched_at, i.story_join, f.title AS outlet, f.url AS feed_url
       FROM items i JOIN feeds f ON f.id = i.feed_id WHERE i.story_id = $1 ORDER BY COALESCE(i.published_at, i.fetched_at), i.id`,
      [storyId],
    );
    return rows.map(toStorySource);
  }

  /** A story's items as a server sees them, oldest first: those of the feeds it follows, plus `alsoItemId`. */
  async seenBy(storyId: number, guildId: string, alsoItemId: number | null = null): Promise<SeenItem[]> {
    const rows = await this.db.query<Row>(
      `SELECT i.id, i.feed_id, i.title, i.link, i.summary, i.countries, i.themes, i.score, i.published_at, i.fetched_at,
         f.title AS feed_title, f.url AS feed_url, i.feed_id IN (${followedFeeds(1)}) AS followed
       FROM items i JOIN feeds f ON f.id = i.feed_id
       WHERE i.story_id = $2 AND (i.feed_id IN (${followedFeeds(1)}) OR i.id = $3)
       ORDER BY COALESCE(i.published_at, i.fetched_at), i.id`,
      [guildId, storyId, alsoItemId],
    );
    return rows.map(toSeenItem);
  }

  async latest(filter: StoryFilter, limit: number): Promise<Story[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const arg = (v: unknown): string => `$${args.push(v)}`;
    if (filter.relevantOnly ?? true) where.push('relevant');
    if (filter.since) where.push(`first_seen_at >= ${arg(filter.since)}`);
    // Any of the codes, as SQLite's OR of LIKE '% MLI %'.
    const countries = filter.countries?.length ? arg(filter.countries) : null;
    const themes = filter.themes?.length ? arg(filter.themes) : null;
    if (countries) where.push(`countries && ${countries}::text[]`);
    if (themes) where.push(`themes && ${themes}::text[]`);
    if (filter.guildId !== undefined) {
      // The story's own lists (every feed's) narrow the scan; the server's items decide.
      const on = [...(countries ? [`i.countries && ${countries}::text[]`] : []), ...(themes ? [`i.themes && ${themes}::text[]`] : [])];
      where.push(`EXISTS (SELECT 1 FROM items i WHERE i.story_id = stories.id AND i.feed_id IN (${followedFeeds(args.push(filter.guildId))})${on.map((c) => ` AND ${c}`).join('')})`);
    }
    const sql = `SELECT * FROM stories ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY first_seen_at DESC, id DESC LIMIT ${arg(limit)}`;
    const rows = await this.db.query<Row>(sql, args);
    return rows.map(toStory);
  }

  async count(): Promise<number> {
    const rows = await this.db.query<Row>('SELECT count(*) AS n FROM stories');
    return Number(rows[0]!.n);
  }

  async countSince(since: number): Promise<number> {
    const rows = await this.db.query<Row>('SELECT count(*) AS n FROM stories WHERE first_seen_at >= $1', [since]);
    return Number(rows[0]!.n);
  }
}
