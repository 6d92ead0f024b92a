// The one import of profiles for the rest of mlgate: build, merge, read, write, compare.
export { buildProfile, DEFAULT_BINS, edgesOf, referenceEdges } from './build.ts'
export { DEFAULT_CAP, distinctValues } from './categories.ts'
export { compareProfileColumn, profileDrift } from './drift.ts'
export { edgesFingerprint, isProfilePath, profileFromJSON, profileToJSON, readProfile, readProfiles, writeProfile } from './io.ts'
export { duplicateKeys, KEY_HASH_BITS, mergeKeys } from './keys.ts'
export { mergeProfiles } from './merge.ts'
export { PROFILE_VERSION } from './model.ts'
export type * from './model.ts'
