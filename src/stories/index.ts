// Story identity and clustering: canonical URLs, normalised titles, and the index that files each item
// under an existing story or a new one.
export { StoryIndex, sameText } from './story-index.js';
export type { StoryAssignment, AssignmentReason, StoryIndexOptions } from './story-index.js';
export type { StoryDoc, StoryFingerprint, JoinEvidence } from './fingerprint.js';
export { joinEvidence } from './fingerprint.js';
export type { EventDate } from './dates.js';
export { FingerprintFormatError } from './codec.js';
export { canonicalUrl, titleKey } from './identity.js';
