// Adapts the story index (pure, in memory) to the store: numeric story ids, rebuilt from stored fingerprints at start.
import type { Store } from '../store/index.js';
import { FingerprintFormatError, sameText, StoryIndex, type StoryDoc, type StoryFingerprint } from '../stories/index.js';

export interface StoryDocument {
  title: string;
  text: string;
  url: string | null;
  publishedAt: number;
}

export interface StoryDecision {
  storyId: number | null;
  /** How alike the item and the story are (see StoryAssignment). */
  similarity: number;
  rehash: boolean;
  eventDate: number | null;
  reason: string;
  /** What the index files for this item: pass it to add() and persist it (serialise) to rebuild the index. */
  fingerprint: StoryFingerprint;
}

export interface StoryClusterer {
  assign(doc: StoryDocument, now: number): StoryDecision;
  serialise(fp: StoryFingerprint): Buffer;
  add(storyId: number, fp: StoryFingerprint): void;
  /** Whether a new item's fingerprint and a stored one are of the same text (a reprint, however long). */
  sameText(fp: StoryFingerprint, stored: Buffer): boolean;
  /** Forget everything and reload from the store (after a transaction that filed stories failed). */
  rebuild(): Promise<void>;
  /**
   * Run fn as the only filer of stories in this process: deciding an item's story and writing it must not interleave
   * with another item's, or two reports of one event could each open a story. Across processes, only the holder of
   * the story-writer lease files stories (pipeline/roles.ts).
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  readonly size: number;
}

const toDoc = (d: StoryDocument): StoryDoc => ({ title: d.title, text: d.text, url: d.url, publishedAt: d.publishedAt });

export async function createStoryClusterer(store: Store, opts: { rehashDays: number }): Promise<StoryClusterer> {
  const load = async (): Promise<StoryIndex> => {
    const fresh = new StoryIndex({ rehashDays: opts.rehashDays });
    const stale: Array<{ itemId: number; storyId: number }> = [];
    for await (const { itemId, storyId, fingerprint } of store.items.fingerprints()) {
      try {
        fresh.addFingerprint(String(storyId), StoryIndex.deserialise(fingerprint));
      } catch (err) {
        if (!(err instanceof FingerprintFormatError)) throw err;
        stale.push({ itemId, storyId });
      }
    }
    // Fingerprints of an older format are computed again from the stored text, once, and kept.
    for (const { itemId, storyId } of stale) {
      const item = await store.items.byId(itemId);
      if (!item) continue;
      const doc: StoryDoc = { title: item.title, text: item.articleText ?? item.text, url: item.canonicalUrl, publishedAt: item.publishedAt };
      const fp = fresh.fingerprint(doc, item.fetchedAt);
      await store.items.setFingerprint(itemId, StoryIndex.serialise(fp));
      fresh.addFingerprint(String(storyId), fp);
    }
    return fresh;
  };
  let index = await load();
  let queue: Promise<unknown> = Promise.resolve();
  return {
    async rebuild() {
      index = await load();
    },
    exclusive<T>(fn: () => Promise<T>): Promise<T> {
      const run = queue.then(fn, fn);
      queue = run.catch(() => undefined);
      return run;
    },
    assign(doc, now) {
      const a = index.assign(toDoc(doc), now);
      return { storyId: a.storyId === null ? null : Number(a.storyId), similarity: a.similarity, rehash: a.rehash, eventDate: a.eventDate, reason: a.reason, fingerprint: a.fingerprint };
    },
    serialise: (fp) => StoryIndex.serialise(fp),
    sameText(fp, stored) {
      try {
        return sameText(fp, StoryIndex.deserialise(stored));
      } catch (err) {
        if (err instanceof FingerprintFormatError) return false;
        throw err;
      }
    },
    add(storyId, fp) {
      index.addFingerprint(String(storyId), fp);
    },
    get size() {
      return index.size;
    },
  };
}
