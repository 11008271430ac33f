// How alike two items are: idf-weighted cosine over sorted feature arrays (content words, or names, numbers and
// dates), merged in one pass. A feature is packed in 32 bits: the top 24 bits of its hash and an 8-bit weight,
// which keeps the index at 4 bytes a feature; two features of one item collide once in 16 million.

/** Inverse document frequency of a packed feature (or a full hash: only the top bits are read). */
export type Idf = (feature: number) => number;

/** A slice of a pooled packed-feature array: [start, end), sorted. */
export interface FeatureSlice {
  packed: Uint32Array;
  start: number;
  end: number;
}

const HASH_BITS = 0xffffff00;

function packFeature(hash: number, weight: number): number {
  return ((hash & HASH_BITS) | weight) >>> 0;
}

/** Packs an item's sorted hashes and weights. */
export function packFeatures(hashes: Uint32Array, weights: Uint8Array): Uint32Array {
  const packed = new Uint32Array(hashes.length);
  for (let i = 0; i < hashes.length; i++) packed[i] = packFeature(hashes[i]!, weights[i]!);
  return packed.sort();
}

export function featureKey(packed: number): number {
  return (packed & HASH_BITS) >>> 0;
}

export function featureWeight(packed: number): number {
  return packed & 0xff;
}

/** Cosine of the idf-weighted vectors; 0 when either side is empty. */
export function weightedCosine(a: FeatureSlice, b: FeatureSlice, idf: Idf): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  let i = a.start;
  let j = b.start;
  while (i < a.end || j < b.end) {
    const ka = i < a.end ? featureKey(a.packed[i]!) : Infinity;
    const kb = j < b.end ? featureKey(b.packed[j]!) : Infinity;
    if (ka === kb) {
      const w = idf(ka);
      const x = featureWeight(a.packed[i++]!) * w;
      const y = featureWeight(b.packed[j++]!) * w;
      dot += x * y;
      normA += x * x;
      normB += y * y;
    } else if (ka < kb) {
      const x = featureWeight(a.packed[i++]!) * idf(ka);
      normA += x * x;
    } else {
      const y = featureWeight(b.packed[j++]!) * idf(kb);
      normB += y * y;
    }
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/** Whether the slice holds a feature with this key (binary search). */
export function containsFeature(slice: FeatureSlice, key: number): boolean {
  let lo = slice.start;
  let hi = slice.end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = featureKey(slice.packed[mid]!);
    if (k === key) return true;
    if (k < key) lo = mid + 1;
    else hi = mid;
  }
  return false;
}
