// The archive of known stories as an in-memory index: decides whether an incoming item is a copy, a rewrite
// or a new story, and whether it is old news. Candidates come from typed-array postings (URL, headline,
// MinHash bands, rare words and word pairs), so a decision costs about the same at 100k stories as at 1k.
import { DAY_MS, daysBetween, eventDatesConflict } from './dates.js';
import type { EventDate } from './dates.js';
import { decodeFingerprint, encodeFingerprint } from './codec.js';
import { eventLexicon } from './event-lexicon.js';
import { estimateJaccard, fingerprintOf, MINHASH_SIZE } from './fingerprint.js';
import type { DocumentFrequencies, StoryDoc, StoryFingerprint } from './fingerprint.js';
import { combine } from './hash.js';
import { grow, PostingTable } from './postings.js';
import { containsFeature, featureKey, featureWeight, packFeatures, weightedCosine } from './similarity.js';
import type { FeatureSlice, Idf } from './similarity.js';

/**
 * url, title: the same article or headline; near-duplicate: a reprint (shingles or words alike); close-rewrite:
 * the same text reworded (most words and every main name kept), the only other way into a closed story;
 * rewrite: an independent report of the event of an open story; new: none of these.
 */
export type AssignmentReason = 'url' | 'title' | 'near-duplicate' | 'close-rewrite' | 'rewrite' | 'new';

export interface StoryAssignment {
  /** The story the item belongs to, or null for a new story. */
  storyId: string | null;
  /** How alike the item and the story are (1 for a URL or headline match); for a new story, the best score that fell short. */
  similarity: number;
  reason: AssignmentReason;
  /** The inferred date of the reported event (UTC midnight, epoch ms), or null. */
  eventDate: number | null;
  /**
   * Old news: published or reporting an event more than rehashDays before it is seen, joining a story whose first
   * report is that much older, or a copy of a member of a closed story.
   */
  rehash: boolean;
  /** Pass to add() once the caller has chosen the story id, and persist it (serialise) to rebuild the index. */
  fingerprint: StoryFingerprint;
}

export interface StoryIndexOptions {
  /** An item joining a story older than this, or reporting an event older than this, is a rehash. Default 7. */
  rehashDays?: number;
  /** Similarity at or above which an item with body text joins a story. */
  joinThreshold?: number;
  /** The same for headline-only items, whose few words score lower against a story they belong to. */
  headlineJoinThreshold?: number;
  /**
   * A story is open while its newest member is at most this many days older than the item: an independent report
   * joins only an open story, a closed one only a copy of one of its members. Default 7.
   */
  openDays?: number;
  /** Verify every member instead of indexed candidates: the brute-force reference for benchmarks. */
  exhaustive?: boolean;
}

// Chosen on ECB+ train/dev (full text) and the French cards set (headlines); see eval/stories.ts --sweep.
const DEFAULT_JOIN = 0.25;
const DEFAULT_HEADLINE_JOIN = 0.2;
// Fewer content words than this and an item is treated as a headline.
const HEADLINE_TERMS = 12;

const DF_BITS = 20;
const DF_MAX = 0xffff;
// Walking a posting list stops after this many (newest) members: a common word cannot make a query linear.
const POSTING_WALK = 48;
const EXACT_WALK = 8;
const MAX_VERIFIED_MEMBERS = 24;
const MAX_SCORED_STORIES = 4;
const BAND_VOTE = 3;
// Share of the similarity that comes from names, numbers and dates when both sides have a few.
const ENTITY_SHARE = 0.65;
const MIN_ENTITIES = 3;
// Neither side mentions any of the other's three most prominent names: two events of one kind (Tara Reid's
// rehab, Lindsay Lohan's rehab) more often than two reports of one event (ECB+ train: 47% of same-topic
// pairs of different events, 3% of pairs reporting one event).
const PROTAGONISTS = 3;
const PROTAGONIST_PENALTY = 0.15;
// Scales the share of the most prominent names one side has and the other lacks (see nameCoverage).
const COVERAGE_PENALTY = 0.1;
// A copy (shingles or words alike) must also share at least this much of the other's most prominent names.
const COPY_COVERAGE = 0.5;
const COVERAGE_NAMES = 5;
// The item is scored against its best member and against the centroid of the story's newest members.
const STORY_SAMPLE = 12;
const CENTROID_SHARE = 0.5;
// Reports that place the event on the same day(s) are more likely one story.
const SAME_DATE_BONUS = 0.1;
// Shingle or word overlap above which an item is a copy of a member, whatever its dates say.
const NEAR_DUPLICATE_JACCARD = 0.5;
const NEAR_DUPLICATE_COSINE = 0.8;
// A text reworded sentence by sentence (seed 004 against seed 000: words 0.59, words and names 0.56, shingles
// 0.15) keeps most words and all main names; another event with the same actors changes the words or the date.
const CLOSE_REWRITE_COSINE = 0.55;
const CLOSE_REWRITE_SIMILARITY = 0.5;
const CLOSE_REWRITE_COVERAGE = COPY_COVERAGE;

// Reports of one event come in bursts: within two days of each other a report gains up to TIME_BONUS; from
// there to the end of the open window it loses up to TIME_DECAY (the same words a week apart are more likely
// the next event of the same kind).
const PROXIMITY_DAYS = 2;
const TIME_BONUS = 0.1;
const TIME_DECAY = 0.1;
// Members seen this close in time to the item are candidates even when no rare word points at them: a
// headline-only follow-up shares little with the first report but its place and hour.
const RECENT_MEMBERS = 64;

const NO_DAY = -0x80000000;
// ln(1 + df) for every count a document-frequency slot can hold.
const LOG1P = Float64Array.from({ length: DF_MAX + 1 }, (_, df) => Math.log(1 + df));
const NS_URL = 0x75726c00;
const NS_TITLE = 0x74746c00;
const NS_BAND = 0x626e6400;

interface MemberMatch {
  member: number;
  similarity: number;
  content: number;
  jaccard: number;
}

interface StoryMatch {
  story: number;
  similarity: number;
  reason: AssignmentReason;
  /** The member the item is closest to (-1 for a URL or headline match). */
  member: number;
}

interface QueryFeatures {
  terms: FeatureSlice;
  entities: FeatureSlice;
}

export class StoryIndex {
  private readonly rehashDays: number;
  private readonly joinThreshold: number;
  private readonly headlineJoinThreshold: number;
  private readonly exhaustive: boolean;
  private readonly openMs: number;
  private readonly postings = new PostingTable(1 << 16);
  private readonly documentFrequency = new Uint16Array(1 << DF_BITS);
  private documents = 0;

  private members = 0;
  private memberStory = new Int32Array(1024);
  /** Members of one story as a linked list, newest first: storyNewest → memberPrevious → … → -1. */
  private memberPrevious = new Int32Array(1024);
  /** Event day as days since the epoch; NO_DAY when only the day of the year is known. */
  private memberEventDay = new Int32Array(1024);
  private memberEventDayOfYear = new Int16Array(1024);
  private memberEventTolerance = new Uint16Array(1024);
  private memberUrlCheck = new Uint32Array(1024);
  private memberTitleCheck = new Uint32Array(1024);
  private memberFeatureStart = new Uint32Array(1025);
  private memberTermCount = new Uint8Array(1024);
  private memberSeen = new Float64Array(1024);
  private memberDated = new Uint8Array(1024);
  private memberKinds = new Uint16Array(1024);
  private memberPlaces = new Uint32Array(1024);
  /** The newest members filed, as a ring: candidates by time (see RECENT_MEMBERS). */
  private readonly recent = new Int32Array(RECENT_MEMBERS).fill(-1);
  private features = new Uint32Array(65_536);
  private signatures = new Uint8Array(1024 * MINHASH_SIZE);
  private signatureLength = new Uint8Array(1024);

  private readonly storyIds: string[] = [];
  private readonly storyNumbers = new Map<string, number>();
  private storyFirstSeen = new Float64Array(1024);
  private storyNewest = new Int32Array(1024);
  private storyLastSeen = new Float64Array(1024);

  // Scratch space for one query: which members were already counted, and their votes.
  private queryStamp = new Int32Array(1024);
  private queryVotes = new Uint16Array(1024);
  private queryNumber = 0;
  private readonly centroidTerms = new Map<number, number>();
  private readonly centroidEntities = new Map<number, number>();
  private readonly storyNames = new Map<number, number>();

  private readonly df: DocumentFrequencies = {
    documents: 0,
    frequency: (hash) => this.documentFrequency[dfSlot(hash)]!,
  };
  // ln(1 + documents) + 1, kept current by addFingerprint, so idf is one table read and a subtraction.
  private idfBase = 1;
  private readonly idf: Idf = (feature) => this.idfBase - LOG1P[this.documentFrequency[dfSlot(feature)]!]!;

  constructor(options: StoryIndexOptions = {}) {
    this.rehashDays = options.rehashDays ?? 7;
    this.joinThreshold = options.joinThreshold ?? DEFAULT_JOIN;
    this.headlineJoinThreshold = options.headlineJoinThreshold ?? DEFAULT_HEADLINE_JOIN;
    this.exhaustive = options.exhaustive ?? false;
    this.openMs = (options.openDays ?? 7) * DAY_MS;
  }

  /** A fingerprint as bytes, for the store to keep beside the item. */
  static serialise(fp: StoryFingerprint): Buffer {
    return encodeFingerprint(fp);
  }

  static deserialise(bytes: Uint8Array): StoryFingerprint {
    return decodeFingerprint(bytes);
  }

  /** Number of members (items) filed. */
  get size(): number {
    return this.members;
  }

  /** Number of distinct stories filed. */
  get storyCount(): number {
    return this.storyIds.length;
  }

  /**
   * The fingerprint of an item as this index would file it. `now` bounds a publication date in the future and
   * stands in for a missing one; it may be left out only when the item has a publication date.
   */
  fingerprint(doc: StoryDoc, now?: number): StoryFingerprint {
    const at = now ?? doc.publishedAt;
    if (at === null || at === undefined) throw new RangeError('StoryIndex.fingerprint needs `now` for an item without a publication date');
    this.df.documents = this.documents;
    return fingerprintOf(doc, at, this.df);
  }

  /** Decides which story an item belongs to. Does not change the index: call add() with the chosen id. */
  assign(doc: StoryDoc, now: number): StoryAssignment {
    return this.assignFingerprint(this.fingerprint(doc, now), now);
  }

  /**
   * `now` is when the item is seen (default: its fingerprint's time); old news is measured from it. A copy of an
   * older member takes that member's event date into `fp.event`, so the fingerprint filed with add() carries it.
   */
  assignFingerprint(fp: StoryFingerprint, now: number = fp.seenAt): StoryAssignment {
    const best = this.exactMatch(fp) ?? this.bestStory(fp);
    const threshold = fp.terms.length < HEADLINE_TERMS ? this.headlineJoinThreshold : this.joinThreshold;
    const joins = best !== null && best.similarity >= threshold;
    // A copy of an older report tells that report's event, whatever its own page says ("on Tuesday" read
    // against a republication date): it takes the member's date.
    if (joins && best.reason !== 'rewrite' && best.member >= 0 && this.memberEventDay[best.member] !== NO_DAY) {
      const member = best.member;
      fp.event = { day: this.memberEventDay[member]! * DAY_MS, dayOfYear: this.memberEventDayOfYear[member]!, toleranceDays: this.memberEventTolerance[member]! };
    }
    const eventDate = fp.event?.day ?? null;
    // A week-precise date ("last week") is allowed a week more before the item counts as old news.
    const slack = fp.event && fp.event.toleranceDays > 3 ? 7 : 0;
    let rehash = eventDate !== null && daysBetween(eventDate, now) > this.rehashDays + slack;
    if (fp.dated && daysBetween(fp.seenAt, now) > this.rehashDays) rehash = true;
    if (joins && now - this.storyFirstSeen[best.story]! > this.rehashDays * DAY_MS) rehash = true;
    return {
      storyId: joins ? this.storyIds[best.story]! : null,
      similarity: best ? round(best.similarity) : 0,
      reason: joins ? best.reason : 'new',
      eventDate,
      rehash,
      fingerprint: fp,
    };
  }

  /** Files a new item as a member of a story; returns its fingerprint (pass the one from assign() to skip recomputing). */
  add(storyId: string, doc: StoryDoc, fp?: StoryFingerprint, now?: number): StoryFingerprint {
    return this.addFingerprint(storyId, fp ?? this.fingerprint(doc, now));
  }

  /** Files a stored fingerprint as a member of a story: how the index is rebuilt at start. */
  addFingerprint(storyId: string, fp: StoryFingerprint): StoryFingerprint {
    const story = this.storyNumber(storyId);
    const member = this.members++;
    this.ensureMemberCapacity(this.members);
    this.memberStory[member] = story;
    this.memberPrevious[member] = this.storyNewest[story]!;
    this.storyNewest[story] = member;
    this.memberEventDay[member] = fp.event?.day == null ? NO_DAY : Math.round(fp.event.day / DAY_MS);
    this.memberEventDayOfYear[member] = fp.event ? fp.event.dayOfYear : -1;
    this.memberEventTolerance[member] = fp.event?.toleranceDays ?? 0;
    this.memberUrlCheck[member] = fp.urlCheck;
    this.memberTitleCheck[member] = fp.titleCheck;
    this.memberSeen[member] = fp.seenAt;
    this.memberDated[member] = fp.dated ? 1 : 0;
    this.memberKinds[member] = fp.kinds;
    this.memberPlaces[member] = fp.places;
    this.recent[member % RECENT_MEMBERS] = member;
    this.appendFeatures(member, fp);
    if (fp.seenAt < this.storyFirstSeen[story]!) this.storyFirstSeen[story] = fp.seenAt;
    if (fp.seenAt > this.storyLastSeen[story]!) this.storyLastSeen[story] = fp.seenAt;

    if (fp.urlHash !== 0) this.postings.add(combine(NS_URL, fp.urlHash), member);
    if (fp.titleHash !== 0) this.postings.add(combine(NS_TITLE, fp.titleHash), member);
    for (let b = 0; b < fp.bands.length; b++) this.postings.add(combine(NS_BAND + b, fp.bands[b]!), member);
    for (const key of fp.keys) this.postings.add(key, member);
    for (const h of fp.vocabulary) {
      const slot = dfSlot(h);
      if (this.documentFrequency[slot]! < DF_MAX) this.documentFrequency[slot]!++;
    }
    this.documents++;
    this.idfBase = Math.log(1 + this.documents) + 1;
    return fp;
  }

  /** Bytes held by the index's typed arrays (postings, features, per-member and per-story columns). */
  memoryBytes(): number {
    const arrays = [
      this.documentFrequency, this.memberStory, this.memberPrevious, this.memberEventDay, this.memberEventDayOfYear,
      this.memberEventTolerance, this.memberUrlCheck, this.memberTitleCheck, this.memberFeatureStart, this.memberTermCount,
      this.features, this.signatures, this.signatureLength, this.storyFirstSeen, this.storyNewest, this.storyLastSeen,
      this.memberSeen, this.memberDated, this.memberKinds, this.memberPlaces, this.recent,
      this.queryStamp, this.queryVotes,
    ];
    return this.postings.memoryBytes() + arrays.reduce((sum, a) => sum + a.byteLength, 0);
  }

  private exactMatch(fp: StoryFingerprint): StoryMatch | null {
    let found: StoryMatch | null = null;
    if (fp.urlHash !== 0) {
      this.postings.forEach(combine(NS_URL, fp.urlHash), EXACT_WALK, (member) => {
        if (!found && this.memberUrlCheck[member] === fp.urlCheck) found = { story: this.memberStory[member]!, similarity: 1, reason: 'url', member };
      });
    }
    if (found || fp.titleHash === 0) return found;
    this.postings.forEach(combine(NS_TITLE, fp.titleHash), EXACT_WALK, (member) => {
      if (found || this.memberTitleCheck[member] !== fp.titleCheck) return;
      // The same headline months apart ("Security situation in Mali") is a new story when the events differ.
      const story = this.memberStory[member]!;
      if (this.datesAgree(fp.event, story) !== false) found = { story, similarity: 1, reason: 'title', member };
    });
    return found;
  }

  private bestStory(fp: StoryFingerprint): StoryMatch | null {
    const query: QueryFeatures = {
      terms: { packed: packFeatures(fp.terms, fp.termWeights), start: 0, end: fp.terms.length },
      entities: { packed: packFeatures(fp.entities, fp.entityWeights), start: 0, end: fp.entities.length },
    };
    const members = this.exhaustive ? Array.from({ length: this.members }, (_, i) => i) : this.collectCandidates(fp);
    const bestMember = new Map<number, MemberMatch>();
    for (const member of members) {
      const match = this.scoreMember(fp, query, member);
      const story = this.memberStory[member]!;
      const previous = bestMember.get(story);
      if (!previous || match.similarity > previous.similarity || match.jaccard > previous.jaccard) {
        bestMember.set(story, {
          member,
          similarity: Math.max(match.similarity, previous?.similarity ?? -Infinity),
          content: Math.max(match.content, previous?.content ?? 0),
          jaccard: Math.max(match.jaccard, previous?.jaccard ?? 0),
        });
      }
    }
    const shortlist = [...bestMember].sort((a, b) => b[1].similarity - a[1].similarity || a[0] - b[0]).slice(0, MAX_SCORED_STORIES);
    let best: StoryMatch | null = null;
    for (const [story, match] of shortlist) {
      const scored = this.scoreStory(fp, query, story, match);
      if (scored && (!best || scored.similarity > best.similarity)) best = scored;
    }
    return best;
  }

  // The item against one story: its best member and the centroid of its newest members, then time, the kind
  // of event and dates. A closed story takes only a copy; an independent report must be of a compatible kind.
  private scoreStory(fp: StoryFingerprint, query: QueryFeatures, story: number, best: MemberMatch): StoryMatch | null {
    // A one-member story is its own centroid.
    const single = this.memberPrevious[this.storyNewest[story]!] === -1;
    const { kinds, places, nearestMs } = this.loadStory(story, !single, fp.seenAt);
    const coverage = this.nameCoverage(query);
    // The same wording about other places, people or figures is a template ("N killed in attack on X"), not a copy.
    const copy = (best.jaccard >= NEAR_DUPLICATE_JACCARD || best.content >= NEAR_DUPLICATE_COSINE) && coverage >= COPY_COVERAGE;
    if (!copy && eventLexicon().kindsConflict(fp.kinds, kinds)) return null;
    const agreement = this.datesAgree(fp.event, story);
    if (agreement === false && !copy) return null;
    const open = fp.seenAt - this.storyLastSeen[story]! <= this.openMs;
    if (!open && !copy) {
      const closeRewrite = best.content >= CLOSE_REWRITE_COSINE && best.similarity >= CLOSE_REWRITE_SIMILARITY && coverage >= CLOSE_REWRITE_COVERAGE;
      return closeRewrite ? { story, similarity: best.similarity, reason: 'close-rewrite', member: best.member } : null;
    }
    const centroid = single ? best.similarity : this.centroidSimilarity(query);
    let similarity = (1 - CENTROID_SHARE) * best.similarity + CENTROID_SHARE * centroid;
    if (!copy) similarity -= COVERAGE_PENALTY * (1 - coverage);
    if (agreement === true) similarity += SAME_DATE_BONUS;
    if (copy) return { story, similarity: Math.max(similarity, best.jaccard, best.content), reason: 'near-duplicate', member: best.member };
    if (fp.dated && nearestMs !== null) similarity += this.timeAdjustment(nearestMs, (fp.places & places) !== 0);
    return { story, similarity, reason: 'rewrite', member: best.member };
  }

  // + TIME_BONUS for reports of the same hour, 0 at PROXIMITY_DAYS, − TIME_DECAY at the end of the open window.
  // The bonus needs a shared setting: two reports of one hour that name no common country are a news cycle.
  private timeAdjustment(gapMs: number, samePlace: boolean): number {
    const proximity = PROXIMITY_DAYS * DAY_MS;
    if (gapMs <= proximity) return samePlace ? TIME_BONUS * (1 - gapMs / proximity) : 0;
    return -TIME_DECAY * Math.min(1, (gapMs - proximity) / Math.max(DAY_MS, this.openMs - proximity));
  }

  // Members sharing LSH bands (copies) or rare words and word pairs (rewrites), most votes first.
  private collectCandidates(fp: StoryFingerprint): number[] {
    const stamp = ++this.queryNumber;
    const touched: number[] = [];
    const vote = (weight: number) => (member: number) => {
      if (this.queryStamp[member] !== stamp) {
        this.queryStamp[member] = stamp;
        this.queryVotes[member] = 0;
        touched.push(member);
      }
      this.queryVotes[member] = Math.min(0xffff, this.queryVotes[member]! + weight);
    };
    const bandVote = vote(BAND_VOTE);
    for (let b = 0; b < fp.bands.length; b++) this.postings.forEach(combine(NS_BAND + b, fp.bands[b]!), POSTING_WALK, bandVote);
    const keyVote = vote(1);
    for (const key of fp.keys) this.postings.forEach(key, POSTING_WALK, keyVote);
    const chosen = touched.length <= MAX_VERIFIED_MEMBERS ? touched : this.mostVoted(touched);
    // Reports of the last two days are few and the likeliest to tell the same event: verify them all.
    const proximity = PROXIMITY_DAYS * DAY_MS;
    for (const member of this.recent) {
      if (member < 0 || Math.abs(this.memberSeen[member]! - fp.seenAt) > proximity || !this.memberDated[member] || !fp.dated) continue;
      // Two reports that name countries, none the same, are not one event's follow-up by time alone.
      const places = this.memberPlaces[member]!;
      if (places !== 0 && fp.places !== 0 && (places & fp.places) === 0) continue;
      if (this.queryStamp[member] === stamp && chosen.includes(member)) continue;
      chosen.push(member);
    }
    return chosen;
  }

  // The members with the most votes (newest first among equals), by counting votes rather than sorting.
  private mostVoted(touched: number[]): number[] {
    let top = 0;
    for (const m of touched) top = Math.max(top, this.queryVotes[m]!);
    const perVote = new Int32Array(top + 1);
    for (const m of touched) perVote[this.queryVotes[m]!]!++;
    let floor = top;
    for (let taken = perVote[top]!; floor > 0 && taken < MAX_VERIFIED_MEMBERS; ) taken += perVote[--floor]!;
    const chosen = touched.filter((m) => this.queryVotes[m]! > floor);
    // Ties at the floor vote: postings are walked newest first, so the earliest touched are the newest.
    for (const m of touched) {
      if (chosen.length >= MAX_VERIFIED_MEMBERS) break;
      if (this.queryVotes[m] === floor) chosen.push(m);
    }
    return chosen;
  }

  private scoreMember(fp: StoryFingerprint, query: QueryFeatures, member: number): MemberMatch {
    const start = this.memberFeatureStart[member]!;
    const split = start + this.memberTermCount[member]!;
    const end = this.memberFeatureStart[member + 1]!;
    const content = weightedCosine(query.terms, this.slice(start, split), this.idf);
    let similarity = content;
    if (query.entities.end >= MIN_ENTITIES && end - split >= MIN_ENTITIES) {
      const names = this.slice(split, end);
      similarity = (1 - ENTITY_SHARE) * content + ENTITY_SHARE * weightedCosine(query.entities, names, this.idf);
      if (!mentionsAny(names, prominent(query.entities, this.idf)) && !mentionsAny(query.entities, prominent(names, this.idf))) {
        similarity -= PROTAGONIST_PENALTY;
      }
    }
    const offset = member * MINHASH_SIZE;
    const signature = this.signatures.subarray(offset, offset + this.signatureLength[member]!);
    return { member, similarity, content, jaccard: estimateJaccard(fp.signature, signature) };
  }

  // How much of what matters most on each side the other side mentions: the share (by prominence × rarity) of
  // the item's top names found in the story, and of the story's top names found in the item; the lower of two.
  // One report of an event names its main actors; a same-kind event elsewhere names others.
  private nameCoverage(query: QueryFeatures): number {
    const storyNames = this.storyNames;
    if (query.entities.end < MIN_ENTITIES || storyNames.size < MIN_ENTITIES) return 1;
    const itemNames = new Map<number, number>();
    for (let i = query.entities.start; i < query.entities.end; i++) {
      const key = featureKey(query.entities.packed[i]!);
      itemNames.set(key, featureWeight(query.entities.packed[i]!) * this.idf(key));
    }
    return Math.min(topShareFound(itemNames, storyNames), topShareFound(storyNames, itemNames));
  }

  // One pass over the story's newest members: the names with their summed weight × rarity, and, when the
  // story has several members, the idf-weighted centroids of its words and names; the kinds of event they tell
  // and how close in time the nearest dated one is to `at`.
  private loadStory(story: number, withCentroid: boolean, at: number): { kinds: number; places: number; nearestMs: number | null } {
    this.storyNames.clear();
    this.centroidTerms.clear();
    this.centroidEntities.clear();
    let kinds = 0;
    let places = 0;
    let nearestMs: number | null = null;
    let n = 0;
    for (let m = this.storyNewest[story]!; m !== -1 && n < STORY_SAMPLE; m = this.memberPrevious[m]!, n++) {
      kinds |= this.memberKinds[m]!;
      places |= this.memberPlaces[m]!;
      if (this.memberDated[m]) {
        const gap = Math.abs(this.memberSeen[m]! - at);
        if (nearestMs === null || gap < nearestMs) nearestMs = gap;
      }
      const start = this.memberFeatureStart[m]!;
      const split = start + this.memberTermCount[m]!;
      const end = this.memberFeatureStart[m + 1]!;
      for (let i = split; i < end; i++) {
        const key = featureKey(this.features[i]!);
        this.storyNames.set(key, (this.storyNames.get(key) ?? 0) + featureWeight(this.features[i]!) * this.idf(key));
      }
      if (!withCentroid) continue;
      this.accumulate(this.centroidTerms, start, split);
      this.accumulate(this.centroidEntities, split, end);
    }
    return { kinds, places, nearestMs };
  }

  // Against the story as a whole: the idf-weighted centroid of its newest members (see loadStory).
  private centroidSimilarity(query: QueryFeatures): number {
    const terms = this.centroidTerms;
    const entities = this.centroidEntities;
    const content = centroidCosine(query.terms, terms, this.idf);
    if (query.entities.end < MIN_ENTITIES || entities.size < MIN_ENTITIES) return content;
    let similarity = (1 - ENTITY_SHARE) * content + ENTITY_SHARE * centroidCosine(query.entities, entities, this.idf);
    const centroidProminent = [...entities].sort((a, b) => b[1] - a[1]).slice(0, PROTAGONISTS).map(([h]) => h);
    if (!mentionsAny(query.entities, centroidProminent) && !prominent(query.entities, this.idf).some((h) => entities.has(h))) {
      similarity -= PROTAGONIST_PENALTY;
    }
    return similarity;
  }

  private accumulate(sum: Map<number, number>, start: number, end: number): void {
    let norm = 0;
    for (let i = start; i < end; i++) {
      const x = featureWeight(this.features[i]!) * this.idf(this.features[i]!);
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = start; i < end; i++) {
      const key = featureKey(this.features[i]!);
      sum.set(key, (sum.get(key) ?? 0) + (featureWeight(this.features[i]!) * this.idf(key)) / norm);
    }
  }

  // Reports whose events are dated further apart than the dates' precision allows are different events. A story
  // can span days (a copy carrying its own "on Tuesday", a follow-up): the item agrees with it when it agrees
  // with any dated member. Null when the item or the whole story is undated.
  private datesAgree(event: EventDate | null, story: number): boolean | null {
    if (event === null) return null;
    let dated = false;
    let n = 0;
    for (let m = this.storyNewest[story]!; m !== -1 && n < STORY_SAMPLE; m = this.memberPrevious[m]!, n++) {
      if (this.memberEventDayOfYear[m] === -1) continue;
      const day = this.memberEventDay[m]!;
      const other = { day: day === NO_DAY ? null : day * DAY_MS, dayOfYear: this.memberEventDayOfYear[m]!, toleranceDays: this.memberEventTolerance[m]! };
      if (!eventDatesConflict(event, other)) return true;
      dated = true;
    }
    return dated ? false : null;
  }

  private slice(start: number, end: number): FeatureSlice {
    return { packed: this.features, start, end };
  }

  private storyNumber(storyId: string): number {
    let story = this.storyNumbers.get(storyId);
    if (story !== undefined) return story;
    story = this.storyIds.length;
    this.storyIds.push(storyId);
    this.storyNumbers.set(storyId, story);
    if (story >= this.storyFirstSeen.length) {
      const size = Math.ceil(this.storyFirstSeen.length * 1.5);
      this.storyFirstSeen = grow(this.storyFirstSeen, size);
      this.storyNewest = grow(this.storyNewest, size);
      this.storyLastSeen = grow(this.storyLastSeen, size);
    }
    this.storyFirstSeen[story] = Infinity;
    this.storyLastSeen[story] = -Infinity;
    this.storyNewest[story] = -1;
    return story;
  }

  private appendFeatures(member: number, fp: StoryFingerprint): void {
    const start = this.memberFeatureStart[member]!;
    const end = start + fp.terms.length + fp.entities.length;
    if (end > this.features.length) this.features = grow(this.features, Math.max(end, Math.ceil(this.features.length * 1.5)));
    this.features.set(packFeatures(fp.terms, fp.termWeights), start);
    this.features.set(packFeatures(fp.entities, fp.entityWeights), start + fp.terms.length);
    this.memberTermCount[member] = fp.terms.length;
    this.memberFeatureStart[member + 1] = end;
    this.signatures.set(fp.signature, member * MINHASH_SIZE);
    this.signatureLength[member] = fp.signature.length;
  }

  private ensureMemberCapacity(count: number): void {
    if (count <= this.memberStory.length) return;
    const size = Math.ceil(this.memberStory.length * 1.5);
    this.memberStory = grow(this.memberStory, size);
    this.memberPrevious = grow(this.memberPrevious, size);
    this.memberEventDay = grow(this.memberEventDay, size);
    this.memberEventDayOfYear = grow(this.memberEventDayOfYear, size);
    this.memberEventTolerance = grow(this.memberEventTolerance, size);
    this.memberUrlCheck = grow(this.memberUrlCheck, size);
    this.memberTitleCheck = grow(this.memberTitleCheck, size);
    this.memberFeatureStart = grow(this.memberFeatureStart, size + 1);
    this.memberTermCount = grow(this.memberTermCount, size);
    this.memberSeen = grow(this.memberSeen, size);
    this.memberDated = grow(this.memberDated, size);
    this.memberKinds = grow(this.memberKinds, size);
    this.memberPlaces = grow(this.memberPlaces, size);
    this.signatures = grow(this.signatures, size * MINHASH_SIZE);
    this.signatureLength = grow(this.signatureLength, size);
    this.queryStamp = grow(this.queryStamp, size);
    this.queryVotes = grow(this.queryVotes, size);
  }
}

/**
 * Whether two fingerprints are of one text, however long each copy is: shingles or words alike. A story's
 * shown source may move only to such a fuller copy, never to another report that joined it.
 */
export function sameText(a: StoryFingerprint, b: StoryFingerprint): boolean {
  if (estimateJaccard(a.signature, b.signature) >= NEAR_DUPLICATE_JACCARD) return true;
  const slice = (hashes: Uint32Array, weights: Uint8Array): FeatureSlice => ({ packed: packFeatures(hashes, weights), start: 0, end: hashes.length });
  return weightedCosine(slice(a.terms, a.termWeights), slice(b.terms, b.termWeights), () => 1) >= NEAR_DUPLICATE_COSINE;
}

// The share of `from`'s heaviest names (by weight) that `within` also has.
function topShareFound(from: Map<number, number>, within: Map<number, number>): number {
  const top = [...from].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, COVERAGE_NAMES);
  let found = 0;
  let total = 0;
  for (const [key, weight] of top) {
    total += weight;
    if (within.has(key)) found += weight;
  }
  return total === 0 ? 1 : found / total;
}

function centroidCosine(query: FeatureSlice, centroid: Map<number, number>, idf: Idf): number {
  let dot = 0;
  let normQuery = 0;
  for (let i = query.start; i < query.end; i++) {
    const key = featureKey(query.packed[i]!);
    const x = featureWeight(query.packed[i]!) * idf(key);
    normQuery += x * x;
    dot += x * (centroid.get(key) ?? 0);
  }
  let normCentroid = 0;
  for (const y of centroid.values()) normCentroid += y * y;
  return normQuery === 0 || normCentroid === 0 ? 0 : dot / Math.sqrt(normQuery * normCentroid);
}

// The few names that weigh most in an item: prominence in its text times rarity in the archive.
function prominent(slice: FeatureSlice, idf: Idf): number[] {
  const top: Array<{ hash: number; score: number }> = [];
  for (let i = slice.start; i < slice.end; i++) {
    const hash = featureKey(slice.packed[i]!);
    const score = featureWeight(slice.packed[i]!) * idf(hash);
    if (top.length < PROTAGONISTS) {
      top.push({ hash, score });
      continue;
    }
    let weakest = 0;
    for (let k = 1; k < top.length; k++) if (top[k]!.score < top[weakest]!.score) weakest = k;
    if (score > top[weakest]!.score) top[weakest] = { hash, score };
  }
  return top.map((t) => t.hash);
}

function mentionsAny(slice: FeatureSlice, keys: number[]): boolean {
  return keys.some((key) => containsFeature(slice, key));
}

// Document frequencies are counted per top 20 bits of a feature's hash, the part the packed index keeps.
function dfSlot(hash: number): number {
  return hash >>> (32 - DF_BITS);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
