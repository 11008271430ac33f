// Retention: items and stories last seen before a cutoff are deleted, with their deliveries once sent; each deleted
// item's feed identity is kept (forgotten_items), so a feed that still lists an old item does not post it again.
import type { Db } from './db.js';
import { prep } from './rows.js';

export interface Pruned {
  stories: number;
  items: number;
  deliveries: number;
}

// A story is kept while a delivery of it is still to be sent (pending, waiting for its digest) or to be edited.
const STORY_DUE = `stories.last_seen_at < @cutoff AND NOT EXISTS (
  SELECT 1 FROM deliveries d WHERE d.story_id = stories.id AND (d.status IN ('pending', 'digest') OR d.edit_pending = 1))`;
// An item in no story (not about the Sahel), fetched before the cutoff and kept by no delivery still to be sent.
const LONE_ITEM_DUE = `items.story_id IS NULL AND items.fetched_at < @cutoff AND NOT EXISTS (
  SELECT 1 FROM deliveries d WHERE d.item_id = items.id AND (d.status IN ('pending', 'digest') OR d.edit_pending = 1))`;

export class RetentionRepo {
  constructor(private readonly db: Db) {}

  /**
   * Delete up to `limit` stories last seen before `cutoff` with their items and deliveries, and up to `limit` items
   * of no story fetched before it; one transaction. Returns what was deleted (all zero: nothing left to prune).
   */
  pruneBatch(cutoff: number, now: number, limit: number): Pruned {
    return this.db.transaction((): Pruned => {
      const storyIds = prep(this.db, `SELECT id FROM stories WHERE ${STORY_DUE} ORDER BY last_seen_at LIMIT @limit`).pluck().all({ cutoff, limit }) as number[];
      const itemIds = storyIds.length
        ? (prep(this.db, 'SELECT id FROM items WHERE story_id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(storyIds)) as number[])
        : [];
      itemIds.push(...(prep(this.db, `SELECT id FROM items WHERE ${LONE_ITEM_DUE} ORDER BY fetched_at LIMIT @limit`).pluck().all({ cutoff, limit }) as number[]));
      const stories = JSON.stringify(storyIds);
      const items = JSON.stringify(itemIds);
      prep(this.db, 'INSERT OR IGNORE INTO forgotten_items(feed_id, identity, forgotten_at) SELECT feed_id, identity, ? FROM items WHERE id IN (SELECT value FROM json_each(?))').run(now, items);
      const deliveries = prep(this.db, 'DELETE FROM deliveries WHERE story_id IN (SELECT value FROM json_each(@stories)) OR item_id IN (SELECT value FROM json_each(@items))').run({ stories, items }).changes;
      const deletedItems = prep(this.db, 'DELETE FROM items WHERE id IN (SELECT value FROM json_each(?))').run(items).changes;
      const deletedStories = prep(this.db, 'DELETE FROM stories WHERE id IN (SELECT value FROM json_each(?))').run(stories).changes;
      return { stories: deletedStories, items: deletedItems, deliveries };
    })();
  }
}
