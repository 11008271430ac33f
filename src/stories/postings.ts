// A multimap from 32-bit keys to member numbers in typed arrays (open addressing, chained postings newest
// first). JS Maps of arrays cost ~370 MB for a 100k-item LSH index; this holds the same in a few tens of MB.

const EMPTY = -1;

export class PostingTable {
  private slotKeys: Uint32Array;
  private slotHeads: Int32Array;
  private usedSlots = 0;
  private entryMember: Int32Array;
  private entryNext: Int32Array;
  private entries = 0;

  constructor(expectedEntries = 1024) {
    const slots = nextPowerOfTwo(Math.max(16, expectedEntries));
    this.slotKeys = new Uint32Array(slots);
    this.slotHeads = new Int32Array(slots).fill(EMPTY);
    this.entryMember = new Int32Array(Math.max(16, expectedEntries));
    this.entryNext = new Int32Array(Math.max(16, expectedEntries));
  }

  add(key: number, member: number): void {
    if ((this.usedSlots + 1) * 10 > this.slotKeys.length * 7) this.rehash(this.slotKeys.length * 2);
    if (this.entries === this.entryMember.length) this.growEntries();
    const slot = this.findSlot(key >>> 0);
    const entry = this.entries++;
    this.entryMember[entry] = member;
    if (this.slotHeads[slot] === EMPTY) {
      this.slotKeys[slot] = key >>> 0;
      this.usedSlots++;
    }
    this.entryNext[entry] = this.slotHeads[slot]!;
    this.slotHeads[slot] = entry;
  }

  /** Calls visit for the newest `limit` members filed under key; returns how many were visited. */
  forEach(key: number, limit: number, visit: (member: number) => void): number {
    const slot = this.findSlot(key >>> 0);
    let entry = this.slotHeads[slot]!;
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

  private findSlot(key: number): number {
    const mask = this.slotKeys.length - 1;
    let slot = key & mask;
    while (this.slotHeads[slot] !== EMPTY && this.slotKeys[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  }

  private rehash(size: number): void {
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

  private growEntries(): void {
    const size = Math.ceil(this.entryMember.length * 1.5);
    this.entryMember = grow(this.entryMember, size);
    this.entryNext = grow(this.entryNext, size);
  }
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

export function grow<T extends Int32Array | Uint32Array | Uint8Array | Uint16Array | Int16Array | Float64Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}
