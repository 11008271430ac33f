// How alike two items are: idf-weighted cosine over sorted hash/weight arrays (content words, or names,
// numbers and dates), merged in one pass without building vectors.

/** Inverse document frequency of a feature hash, as the index currently knows it. */
export type Idf = (hash: number) => number;

/** A slice of a pooled hash/weight array: [start, end). */
export interface FeatureSlice {
  hashes: Uint32Array;
  weights: Uint8Array;
  start: number;
  end: number;
}

export function sliceOf(hashes: Uint32Array, weights: Uint8Array): FeatureSlice {
  return { hashes, weights, start: 0, end: hashes.length };
}

/** Cosine of the idf-weighted vectors; 0 when either side is empty. Both slices must be sorted by hash. */
export function weightedCosine(a: FeatureSlice, b: FeatureSlice, idf: Idf): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  let i = a.start;
  let j = b.start;
  while (i < a.end || j < b.end) {
    const ha = i < a.end ? a.hashes[i]! : Infinity;
    const hb = j < b.end ? b.hashes[j]! : Infinity;
    if (ha === hb) {
      const w = idf(ha);
      const x = a.weights[i++]! * w;
      const y = b.weights[j++]! * w;
      dot += x * y;
      normA += x * x;
      normB += y * y;
    } else if (ha < hb) {
      const x = a.weights[i++]! * idf(ha);
      normA += x * x;
    } else {
      const y = b.weights[j++]! * idf(hb);
      normB += y * y;
    }
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
