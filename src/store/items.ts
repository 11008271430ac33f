// Items (one per feed entry) and stories (one per real-world event, grouping items across outlets).
import type { Db } from './db.js';
import type { NewItem, SeenItem, StoredItem, Story, StorySource } from './types.js';
import type { Filing, StoredFingerprint } from './api.js';
import { encodeList, prep } from './rows.js';
import { toItem, toSeenItem, toStory, toStorySource, type Row } from './records.js';

export interface StoryFilter {
  countries?: string[];
  themes?: string[];
  relevantOnly?: boolean;
  since?: number;
  /** Only stories with an item from a feed this server follows; countries and themes are read from those items. */
  guildId?: string;
}

/** The feeds a server follows, as an SQL subquery taking the server's id. */
const FOLLOWED_FEEDS = 'SELECT feed_id FROM guild_feeds WHERE guild_id = ?';

export interface SearchHit {
  item: StoredItem;
  /** Title with matches wrapped in ** for Discord bold. */
  titleHighlighted: string;
  snippet: string;
}

/**
 * Turn any user text into a valid FTS5 query: every word becomes a quoted term (quotes doubled),
 * so operators, parentheses, colons and stray quotes are searched for, never interpreted.
 */
export function toFtsQuery(text: string): string | null {
  const words = text.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words.slice(0, 12).map((w) => `"${w.replace(/"/g, '""')}"`).join(' ');
}

/** items.awaiting_story: 0 filed (or not relevant), 1 awaiting its story and to be posted, 2 awaiting it quietly. */
const AWAITING = { no: 0, post: 1, quiet: 2 } as const;

export class ItemRepo {
  constructor(private readonly db: Db) {}

  /** Which of these identities this feed has already stored. */
  knownIdentities(feedId: number, identities: string[]): Set<string> {
    const known = new Set<string>();
    // An item deleted by retention stays known: a feed still listing it does not bring it back as news.
    const stmt = prep(this.db, 'SELECT 1 FROM items WHERE feed_id = @feed AND identity = @id UNION ALL SELECT 1 FROM forgotten_items WHERE feed_id = @feed AND identity = @id').pluck();
    for (const id of identities) if (stmt.get({ feed: feedId, id })) known.add(id);
    return known;
  }

  insert(item: NewItem): number {
    const r = prep(this.db,
      `INSERT INTO items(feed_id, identity, title, text, link, canonical_url, author, published_at, fetched_at, lang,
         relevant, score, countries, themes, actors, topic_match, article_text, summary, fingerprint, story_id, story_join, awaiting_story)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
      .run(
        item.feedId, item.identity, item.title, item.text, item.link, item.canonicalUrl, item.author, item.publishedAt, item.fetchedAt, item.lang,
        item.relevant ? 1 : 0, item.score, encodeList(item.countries), encodeList(item.themes), encodeList(item.actors),
        item.topicMatch === null ? null : JSON.stringify(item.topicMatch), item.articleText, item.summary, item.fingerprint, item.storyId ?? null,
        item.storyJoin ? JSON.stringify(item.storyJoin) : null, AWAITING[item.awaitingStory ?? 'no'],
      );
    return Number(r.lastInsertRowid);
  }

  byId(id: number): StoredItem | null {
    const r = prep(this.db, 'SELECT * FROM items WHERE id = ?').get(id) as Row | undefined;
    return r ? toItem(r) : null;
  }

  /** Length of the text an item's story would show (its article text, else its feed text), without loading the row. */
  textLength(id: number): number | null {
    const r = prep(this.db, 'SELECT article_text, text FROM items WHERE id = ?').get(id) as Row | undefined;
    return r ? String(r.article_text ?? r.text ?? '').length : null;
  }

  setStory(itemId: number, storyId: number): void {
    prep(this.db, 'UPDATE items SET story_id = ? WHERE id = ?').run(storyId, itemId);
  }

  /** One page of the fingerprints of items that belong to a story, after `afterId` in id order (keyset paging). */
  fingerprintPage(afterId: number, limit: number): StoredFingerprint[] {
    return (prep(this.db, 'SELECT id, story_id, fingerprint FROM items WHERE id > ? AND fingerprint IS NOT NULL AND story_id IS NOT NULL ORDER BY id LIMIT ?')
      .all(afterId, limit) as Row[])
      .map((r) => ({ itemId: Number(r.id), storyId: Number(r.story_id), fingerprint: r.fingerprint as Buffer }));
  }

  /** An item's stored story fingerprint, or null. */
  fingerprintOf(id: number): Buffer | null {
    const v = prep(this.db, 'SELECT fingerprint FROM items WHERE id = ?').pluck().get(id);
    return v instanceof Buffer ? v : null;
  }

  /** Replaces an item's story fingerprint (after the fingerprint format changed). */
  setFingerprint(itemId: number, fingerprint: Buffer): void {
    prep(this.db, 'UPDATE items SET fingerprint = ? WHERE id = ?').run(fingerprint, itemId);
  }

  /** Relevant items a poller stored for the story writer to file, oldest first. */
  awaitingStory(limit: number, afterId = 0): { item: StoredItem; post: boolean }[] {
    return (prep(this.db, 'SELECT * FROM items WHERE awaiting_story > 0 AND id > ? ORDER BY id LIMIT ?').all(afterId, limit) as Row[])
      .map((r) => ({ item: toItem(r), post: r.awaiting_story === AWAITING.post }));
  }

  /** The story writer filed an item: its story, fingerprint and why; it no longer awaits a story. */
  file(itemId: number, filing: Filing): void {
    prep(this.db, 'UPDATE items SET story_id = ?, fingerprint = ?, story_join = ?, awaiting_story = 0 WHERE id = ?')
      .run(filing.storyId, filing.fingerprint, filing.join ? JSON.stringify(filing.join) : null, itemId);
  }

  count(): number {
    return Number(prep(this.db, 'SELECT count(*) FROM items').pluck().get());
  }

  /** Items first fetched at or after `since` (epoch ms). */
  countSince(since: number): number {
    return Number(prep(this.db, 'SELECT count(*) FROM items WHERE fetched_at >= ?').pluck().get(since));
  }

  /**
   * Full-text search over items about the Sahel (only those are indexed). Only the newest 500 matches are
   * ranked (bm25), and only the final rows are highlighted: ranking every hit of a common word would scan the
   * archive and grow with it.
   */
  search(query: string, opts: { since?: number; limit?: number; guildId?: string } = {}): SearchHit[] {
    const fts = toFtsQuery(query);
    if (!fts) return [];
    const limit = opts.limit ?? 10;
    // A server's search is filtered before the 500 are taken: another server's feeds can neither show up in it
    // nor crowd its own matches out.
    const ranked = (opts.guildId === undefined
      ? prep(this.db,
        `SELECT c.id FROM (
           SELECT rowid AS id, bm25(items_fts, 4.0, 1.0, 0.5) AS score FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid DESC LIMIT 500
         ) c JOIN items i ON i.id = c.id WHERE i.fetched_at >= ? ORDER BY c.score LIMIT ?`).pluck().all(fts, opts.since ?? 0, limit)
      : prep(this.db,
        `SELECT c.id FROM (
           SELECT items_fts.rowid AS id, bm25(items_fts, 4.0, 1.0, 0.5) AS score FROM items_fts JOIN items m ON m.id = items_fts.rowid
           WHERE items_fts MATCH ? AND m.feed_id IN (${FOLLOWED_FEEDS}) ORDER BY items_fts.rowid DESC LIMIT 500
         ) c JOIN items i ON i.id = c.id WHERE i.fetched_at >= ? ORDER BY c.score LIMIT ?`).pluck().all(fts, opts.guildId, opts.since ?? 0, limit)) as number[];
    if (ranked.length === 0) return [];
    const marks = new Map(
      (prep(this.db, `SELECT rowid AS id, highlight(items_fts, 0, '**', '**') AS hl_title, snippet(items_fts, -1, '**', '**', '…', 24) AS snip
                      FROM items_fts WHERE items_fts MATCH ? AND rowid IN (${ranked.map(() => '?').join(',')})`).all(fts, ...ranked) as Row[]).map((r) => [Number(r.id), r]),
    );
    return ranked.flatMap((id) => {
      const item = this.byId(id);
      const m = marks.get(id);
      return item ? [{ item, titleHighlighted: String(m?.hl_title ?? item.title), snippet: String(m?.snip ?? '') }] : [];
    });
  }
}

export class StoryRepo {
  constructor(private readonly db: Db) {}

  create(s: Omit<Story, 'id' | 'sourceCount'>): number {
    const r = prep(this.db,
      `INSERT INTO stories(original_item_id, best_item_id, title, link, summary, countries, themes, score, relevant, event_date, first_seen_at, last_seen_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
      .run(s.originalItemId, s.bestItemId, s.title, s.link, s.summary, encodeList(s.countries), encodeList(s.themes), s.score, s.relevant ? 1 : 0, s.eventDate, s.firstSeenAt, s.lastSeenAt);
    return Number(r.lastInsertRowid);
  }

  byId(id: number): Story | null {
    const r = prep(this.db, 'SELECT * FROM stories WHERE id = ?').get(id) as Row | undefined;
    return r ? toStory(r) : null;
  }

  /** A story created before its first item had an id: that item becomes its original and its best source. */
  setFirstItem(storyId: number, itemId: number): void {
    prep(this.db, 'UPDATE stories SET original_item_id = ?, best_item_id = ? WHERE id = ?').run(itemId, itemId, storyId);
  }

  /** Record one more source; the story's best text moves to it when `best` says so. */
  addSource(storyId: number, at: number, update: { best?: { itemId: number; title: string; link: string | null; summary: string | null }; countries?: string[]; themes?: string[]; score?: number; relevant?: boolean }): void {
    prep(this.db,
      `UPDATE stories SET source_count = (SELECT count(*) FROM items WHERE story_id = ?), last_seen_at = max(last_seen_at, ?),
         best_item_id = COALESCE(?, best_item_id), title = COALESCE(?, title), link = COALESCE(?, link), summary = COALESCE(?, summary),
         countries = COALESCE(?, countries), themes = COALESCE(?, themes), score = max(score, COALESCE(?, score)),
         relevant = max(relevant, COALESCE(?, relevant))
       WHERE id = ?`,
    )
      .run(
        storyId, at, update.best?.itemId ?? null, update.best?.title ?? null, update.best?.link ?? null, update.best?.summary ?? null,
        update.countries ? encodeList(update.countries) : null, update.themes ? encodeList(update.themes) : null, update.score ?? null,
        update.relevant === undefined ? null : update.relevant ? 1 : 0, storyId,
      );
  }

  sources(storyId: number): StorySource[] {
    const rows = prep(this.db,
      `SELECT i.id, i.title, i.link, i.published_at, i.fetched_at, i.story_join, f.title AS outlet, f.url AS feed_url
       FROM items i JOIN feeds f ON f.id = i.feed_id WHERE i.story_id = ? ORDER BY COALESCE(i.published_at, i.fetched_at), i.id`,
    )
      .all(storyId) as Row[];
    return rows.map(toStorySource);
  }

  /**
   * A story's items as a server sees them, oldest first: those of the feeds it follows, plus `alsoItemId` (a
   * delivery's own item) whatever its feed.
   */
  seenBy(storyId: number, guildId: string, alsoItemId: number | null = null): SeenItem[] {
    const rows = prep(this.db,
      `SELECT i.id, i.feed_id, i.title, i.link, i.summary, i.countries, i.themes, i.score, i.published_at, i.fetched_at,
         f.title AS feed_title, f.url AS feed_url, i.feed_id IN (${FOLLOWED_FEEDS}) AS followed
       FROM items i JOIN feeds f ON f.id = i.feed_id
       WHERE i.story_id = ? AND (i.feed_id IN (${FOLLOWED_FEEDS}) OR i.id = ?)
       ORDER BY COALESCE(i.published_at, i.fetched_at), i.id`,
    )
      .all(guildId, storyId, guildId, alsoItemId) as Row[];
    return rows.map(toSeenItem);
  }

  latest(filter: StoryFilter, limit: number): Story[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.relevantOnly ?? true) where.push('relevant = 1');
    if (filter.since) {
      where.push('first_seen_at >= ?');
      args.push(filter.since);
    }
    if (filter.countries?.length) {
      where.push(`(${filter.countries.map(() => 'countries LIKE ?').join(' OR ')})`);
      args.push(...filter.countries.map((c) => `% ${c} %`));
    }
    if (filter.themes?.length) {
      where.push(`(${filter.themes.map(() => 'themes LIKE ?').join(' OR ')})`);
      args.push(...filter.themes.map((t) => `% ${t} %`));
    }
    if (filter.guildId !== undefined) {
      // The story's own lists (every feed's) narrow the scan; the server's items decide.
      const on: string[] = [];
      if (filter.countries?.length) on.push(`(${filter.countries.map(() => 'i.countries LIKE ?').join(' OR ')})`);
      if (filter.themes?.length) on.push(`(${filter.themes.map(() => 'i.themes LIKE ?').join(' OR ')})`);
      where.push(`EXISTS (SELECT 1 FROM items i WHERE i.story_id = stories.id AND i.feed_id IN (${FOLLOWED_FEEDS})${on.map((c) => ` AND ${c}`).join('')})`);
      args.push(filter.guildId, ...(filter.countries ?? []).map((c) => `% ${c} %`), ...(filter.themes ?? []).map((t) => `% ${t} %`));
    }
    const sql = `SELECT * FROM stories ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY first_seen_at DESC, id DESC LIMIT ?`;
    return (prep(this.db, sql).all(...args, limit) as Row[]).map(toStory);
  }

  count(): number {
    return Number(prep(this.db, 'SELECT count(*) FROM stories').pluck().get());
  }
  /** Stories first seen at or after `since` (epoch ms). */
  countSince(since: number): number {
    return Number(prep(this.db, 'SELECT count(*) FROM stories WHERE first_seen_at >= ?').pluck().get(since));
  }

}
