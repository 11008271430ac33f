// Fingerprints as bytes, so the store can keep one per item and the index can be rebuilt at start without
// re-reading article text. Little-endian, versioned; a blob from another version is refused, not misread.
import type { StoryFingerprint } from './fingerprint.js';

// 2: the kinds of event, the places named and whether the item was dated.
const VERSION = 2;
const EVENT_NONE = 0;
const EVENT_DAY_OF_YEAR = 1;
const EVENT_DAY = 2;

export class FingerprintFormatError extends Error {
  override name = 'FingerprintFormatError';
}

export function encodeFingerprint(fp: StoryFingerprint): Buffer {
  const size =
    1 + 8 + 1 + 2 + 4 + 1 + 8 + 2 + 2 + 16 +
    2 + fp.terms.length * 5 +
    2 + fp.entities.length * 5 +
    1 + fp.signature.length +
    1 + fp.bands.length * 4 +
    1 + fp.keys.length * 4 +
    2 + fp.vocabulary.length * 4;
  const out = Buffer.alloc(size);
  let at = 0;
  at = out.writeUInt8(VERSION, at);
  at = out.writeDoubleLE(fp.seenAt, at);
  at = out.writeUInt8(fp.dated ? 1 : 0, at);
  at = out.writeUInt16LE(fp.kinds, at);
  at = out.writeUInt32LE(fp.places >>> 0, at);
  const event = fp.event;
  at = out.writeUInt8(event === null ? EVENT_NONE : event.day === null ? EVENT_DAY_OF_YEAR : EVENT_DAY, at);
  at = out.writeDoubleLE(event?.day ?? 0, at);
  at = out.writeUInt16LE(event?.dayOfYear ?? 0, at);
  at = out.writeUInt16LE(event?.toleranceDays ?? 0, at);
  for (const n of [fp.urlHash, fp.urlCheck, fp.titleHash, fp.titleCheck]) at = out.writeUInt32LE(n >>> 0, at);
  at = writeWeighted(out, at, fp.terms, fp.termWeights);
  at = writeWeighted(out, at, fp.entities, fp.entityWeights);
  at = out.writeUInt8(fp.signature.length, at);
  out.set(fp.signature, at);
  at += fp.signature.length;
  at = writeHashes(out, at, fp.bands, 1);
  at = writeHashes(out, at, fp.keys, 1);
  at = writeHashes(out, at, fp.vocabulary, 2);
  if (at !== size) throw new Error(`fingerprint encoder wrote ${at} of ${size} bytes`);
  return out;
}

export function decodeFingerprint(bytes: Uint8Array): StoryFingerprint {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const reader = new Reader(buf);
  const version = reader.u8();
  if (version !== VERSION) throw new FingerprintFormatError(`story fingerprint version ${version} is not ${VERSION}; rebuild fingerprints from the stored items`);
  const seenAt = reader.f64();
  const dated = reader.u8() === 1;
  const kinds = reader.u16();
  const places = reader.u32();
  const kind = reader.u8();
  const day = reader.f64();
  const dayOfYear = reader.u16();
  const toleranceDays = reader.u16();
  const [urlHash, urlCheck, titleHash, titleCheck] = [reader.u32(), reader.u32(), reader.u32(), reader.u32()];
  const [terms, termWeights] = reader.weighted();
  const [entities, entityWeights] = reader.weighted();
  const signature = reader.bytes(reader.u8());
  const bands = reader.hashes(reader.u8());
  const keys = reader.hashes(reader.u8());
  const vocabulary = reader.hashes(reader.u16());
  reader.end();
  return {
    seenAt,
    dated,
    kinds,
    places,
    event: kind === EVENT_NONE ? null : { day: kind === EVENT_DAY ? day : null, dayOfYear, toleranceDays },
    urlHash, urlCheck, titleHash, titleCheck,
    terms, termWeights, entities, entityWeights, signature, bands, keys, vocabulary,
  };
}

function writeWeighted(out: Buffer, at: number, hashes: Uint32Array, weights: Uint8Array): number {
  at = out.writeUInt16LE(hashes.length, at);
  for (const h of hashes) at = out.writeUInt32LE(h, at);
  out.set(weights, at);
  return at + weights.length;
}

function writeHashes(out: Buffer, at: number, hashes: Uint32Array, countBytes: 1 | 2): number {
  at = countBytes === 1 ? out.writeUInt8(hashes.length, at) : out.writeUInt16LE(hashes.length, at);
  for (const h of hashes) at = out.writeUInt32LE(h, at);
  return at;
}

class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}

  u8(): number {
    return this.take(1, () => this.buf.readUInt8(this.at));
  }
  u16(): number {
    return this.take(2, () => this.buf.readUInt16LE(this.at));
  }
  u32(): number {
    return this.take(4, () => this.buf.readUInt32LE(this.at));
  }
  f64(): number {
    return this.take(8, () => this.buf.readDoubleLE(this.at));
  }
  bytes(n: number): Uint8Array {
    return this.take(n, () => Uint8Array.from(this.buf.subarray(this.at, this.at + n)));
  }
  hashes(n: number): Uint32Array {
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32();
    return out;
  }
  weighted(): [Uint32Array, Uint8Array] {
    const n = this.u16();
    const hashes = this.hashes(n);
    return [hashes, this.bytes(n)];
  }
  end(): void {
    if (this.at !== this.buf.length) throw new FingerprintFormatError(`story fingerprint has ${this.buf.length - this.at} trailing bytes`);
  }

  private take<T>(n: number, read: () => T): T {
    if (this.at + n > this.buf.length) throw new FingerprintFormatError(`story fingerprint truncated at byte ${this.at}`);
    const value = read();
    this.at += n;
    return value;
  }
}
