// A multimap from 32-bit keys to member numbers in typed arrays: open addressing, postings chained newest
// first, and a key with a single member (most LSH bands, URLs, word pairs) stored in its slot without a chain.
// JS Maps of arrays cost ~370 MB for a 100k-item LSH index; this holds more keys in a few tens of MB.

const EMPTY = -1;
const MAX_LOAD = 0.8;

// A slot's head is EMPTY, an entry number (≥ 0), or an inline single member encoded as -(member + 2).
const inline = (member: number) => -(member + 2);
const isInline = (head: number) => head <= -2;
const inlineMember = (head: number) => -head - 2;

export class PostingTable {
  private slotKeys: Uint32Array;
  private slotHeads: Int32Array;
  private usedSlots = 0;
  private entryMember: Int32Array;
  private entryNext: Int32Array;
  private entries = 0;

  constructor(expectedKeys = 1024) {
    const slots = Math.max(16, Math.ceil(expectedKeys / MAX_LOAD));
    this.slotKeys = new Uint32Array(slots);
    this.slotHeads = new Int32Array(slots).fill(EMPTY);
    this.entryMember = new Int32Array(Math.max(16, expectedKeys >> 2));
    this.entryNext = new Int32Array(Math.max(16, expectedKeys >> 2));
  }

  add(key: number, member: number): void {
    if (this.usedSlots + 1 > this.slotKeys.length * MAX_LOAD) this.resize(Math.ceil(this.slotKeys.length * 1.5));
    const k = key >>> 0;
    const slot = this.findSlot(k);
    const head = this.slotHeads[slot]!;
    if (head === EMPTY) {
      this.slotKeys[slot] = k;
      this.slotHeads[slot] = inline(member);
      this.usedSlots++;
      return;
    }
    if (isInline(head)) this.slotHeads[slot] = this.newEntry(inlineMember(head), EMPTY);
    this.slotHeads[slot] = this.newEntry(member, this.slotHeads[slot]!);
  }

  /** Calls visit for the newest `limit` members filed under key; returns how many were visited. */
  forEach(key: number, limit: number, visit: (member: number) => void): number {
    const head = this.slotHeads[this.findSlot(key >>> 0)]!;
    if (head === EMPTY || limit <= 0) return 0;
    if (isInline(head)) {
      visit(inlineMember(head));
      return 1;
    }
    let entry = head;
    let visited = 0;
    while (entry !== EMPTY && visited < limit) {
      visit(this.entryMember[entry]!);
      entry = this.entryNext[entry]!;
      visited++;
    }
    return visited;
  }

  memoryBytes(): number {
    return this.slotKeys.byteLength + this.slotHeads.byteLength + this.entryMember.byteLength + this.entryNext.byteLength;
  }

  private newEntry(member: number, next: number): number {
    if (this.entries === this.entryMember.length) {
      const size = Math.ceil(this.entryMember.length * 1.5);
      this.entryMember = grow(this.entryMember, size);
      this.entryNext = grow(this.entryNext, size);
    }
    const entry = this.entries++;
    this.entryMember[entry] = member;
    this.entryNext[entry] = next;
    return entry;
  }

  private findSlot(key: number): number {
    const size = this.slotKeys.length;
    let slot = key % size;
    while (this.slotHeads[slot] !== EMPTY && this.slotKeys[slot] !== key) slot = slot + 1 === size ? 0 : slot + 1;
    return slot;
  }

  private resize(size: number): void {
    const oldKeys = this.slotKeys;
    const oldHeads = this.slotHeads;
    this.slotKeys = new Uint32Array(size);
    this.slotHeads = new Int32Array(size).fill(EMPTY);
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldHeads[i] === EMPTY) continue;
      const slot = this.findSlot(oldKeys[i]!);
      this.slotKeys[slot] = oldKeys[i]!;
      this.slotHeads[slot] = oldHeads[i]!;
    }
  }
}

/** A copy of a typed array with room for `size` elements. */
export function grow<T extends Int32Array | Uint32Array | Uint8Array | Uint16Array | Int16Array | Float64Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}
