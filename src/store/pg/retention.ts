// Retention on PostgreSQL: the same as src/store/retention.ts (SQLite). Items and stories last seen before a cutoff
// are deleted with their deliveries; each deleted item's feed identity is kept (forgotten_items).
import type { Pruned, RetentionStore } from '../api.js';
import type { PgConn } from './connection.js';

// A story is kept while a delivery of it is still to be sent (pending, waiting for its digest) or to be edited.
const STORY_DUE = `stories.last_seen_at < $1 AND NOT EXISTS (
  SELECT 1 FROM deliveries d WHERE d.story_id = stories.id AND (d.status IN ('pending', 'digest') OR d.edit_pending))`;
// An item in no story (not about the Sahel), fetched before the cutoff and kept by no delivery still to be sent.
const LONE_ITEM_DUE = `items.story_id IS NULL AND items.fetched_at < $1 AND NOT EXISTS (
  SELECT 1 FROM deliveries d WHERE d.item_id = items.id AND (d.status IN ('pending', 'digest') OR d.edit_pending))`;

export class PgRetentionStore implements RetentionStore {
  constructor(private readonly db: PgConn) {}

  /**
   * Delete up to `limit` stories last seen before `cutoff` with their items and deliveries, and up to `limit` items
   * of no story fetched before it; one transaction. Rows another process is pruning at the same time are skipped.
   */
  async pruneBatch(cutoff: number, now: number, limit: number): Promise<Pruned> {
    return this.db.transaction(async (tx): Promise<Pruned> => {
      const storyIds = (
        await tx.query<{ id: number }>(`SELECT id FROM stories WHERE ${STORY_DUE} ORDER BY last_seen_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`, [cutoff, limit])
      ).map((r) => Number(r.id));
      const itemIds = storyIds.length
        ? (await tx.query<{ id: number }>('SELECT id FROM items WHERE story_id = ANY($1::bigint[]) ORDER BY id', [storyIds])).map((r) => Number(r.id))
        : [];
      itemIds.push(
        ...(
          await tx.query<{ id: number }>(`SELECT id FROM items WHERE ${LONE_ITEM_DUE} ORDER BY fetched_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`, [cutoff, limit])
        ).map((r) => Number(r.id)),
      );
      if (storyIds.length === 0 && itemIds.length === 0) return { stories: 0, items: 0, deliveries: 0 };
      await tx.run(
        `INSERT INTO forgotten_items(feed_id, identity, forgotten_at) SELECT feed_id, identity, $1 FROM items WHERE id = ANY($2::bigint[])
         ON CONFLICT DO NOTHING`,
        [now, itemIds],
      );
      const deliveries = await tx.run('DELETE FROM deliveries WHERE story_id = ANY($1::bigint[]) OR item_id = ANY($2::bigint[])', [storyIds, itemIds]);
      const items = await tx.run('DELETE FROM items WHERE id = ANY($1::bigint[])', [itemIds]);
      const stories = await tx.run('DELETE FROM stories WHERE id = ANY($1::bigint[])', [storyIds]);
      return { stories, items, deliveries };
    });
  }
}
