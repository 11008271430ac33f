// 32-bit string and integer hashing for fingerprints: fast, deterministic across runs and machines,
// because hashes are persisted and compared after a restart.

/** FNV-1a over UTF-16 code units, finished with murmur3's fmix32 so low bits are usable as table slots. */
export function hashString(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** murmur3 fmix32: a bijective avalanche on 32 bits. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Order-dependent combination of two hashes (shingles, bands, feature pairs). */
export function combine(a: number, b: number): number {
  return mix32((Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) + b) >>> 0);
}
