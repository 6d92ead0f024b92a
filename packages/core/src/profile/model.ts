import type { ColumnDrift } from '../drift/column.ts'
import type { DriftOptions } from '../drift/detect.ts'
import type { ColumnSummary } from '../table/summary.ts'

/** The version of the profile format this mlgate writes and reads (packages/core/schemas/profile.schema.json). */
export const PROFILE_VERSION = 1

/**
 * Counts and sums of a numeric column's finite values over bins frozen from the reference: bucket i
 * holds the values v with exactly i edges ≤ v (numpy's searchsorted side='right', as stats/binned.ts
 * binShares), so `counts` and `sums` have edges.length + 1 entries. Sums are exact: `sums[i]` is the
 * correctly rounded value of `sumParts[i]`, a list of non-overlapping doubles whose exact total is the
 * exact total of the bucket's values (merged by exact addition, so every merge order gives the same bits).
 */
export interface ProfileBins {
  edges: number[]
  counts: number[]
  sums: number[]
  sumParts: number[][]
}

/**
 * Exact counts of a column's present values, as text (numbers as String(v), booleans as true/false).
 * Which values are counted does not depend on the order the rows came in: each value has a 53-bit
 * hash (profile/hash.ts), and the `cap` values of smallest hash are kept with their exact counts; every
 * other present value is counted in `other`. A column of at most `cap` distinct values is counted
 * exactly in full. The kept hashes are a K-minimum-values sketch: `otherDistinct` estimates the distinct
 * values counted in `other` (approximate), and a merge keeps the cap smallest again, exactly.
 */
export interface ProfileCategories {
  counts: Record<string, number>
  cap: number
  other: number
  otherDistinct: number
}

/** A column of a profile: a ColumnSummary's counts and running moments (merged by Chan's formula), plus bins and categories. */
export interface ProfileColumn extends Pick<ColumnSummary, 'name' | 'source' | 'rows' | 'missing' | 'integer' | 'numbers' | 'infinite' | 'nonNumeric'> {
  /** Numeric columns: counts and sums over the reference's edges. */
  bins?: ProfileBins
  /** Text and boolean columns, and the numbers of a numeric column as written (low-cardinality numbers). */
  categories?: ProfileCategories
}

export interface ProfileShard {
  /** "i/n" for a shard of a split, or the digest of the file list when the data was not split. */
  id: string
  rows: number
  /** Paths of the shard's files (with its part: "a.csv#bytes=0-1048576", "b.parquet#rowgroups=2-3"). */
  sources: string[]
}

export interface ProfileSource {
  path: string
  sha256: string
  bytes: number
}

export interface ProfileKeys {
  fields: string[]
  hashBits: number
  /** Base64 of the sorted key hashes, each hashBits / 8 bytes, big-endian. */
  hashes: string
}

export interface Profile {
  kind: 'mlgate.profile'
  version: typeof PROFILE_VERSION
  columns: ProfileColumn[]
  /** sha256 over every column's name and edges (hex): profiles on other edges refuse to merge or compare. */
  edgesFingerprint: string
  sources: ProfileSource[]
  shards: ProfileShard[]
  expectedShards?: number
  keys?: ProfileKeys
}

export interface BuildOptions {
  /** The profile whose edges this one is binned on (the reference's); without it the edges come from this data's quantiles. */
  edgesFrom?: Profile
  /** This profile is shard `index` (1 … count) of `count`: its id is "index/count". */
  shard?: { index: number; count: number }
  /**
   * Where the edges come from without `edgesFrom`: every value, held in memory ('exact'), a sample of rows
   * streamed in a first pass ('sample': flat memory), or 'auto' (default): exact for files of at most
   * EXACT_EDGES_MAX_BYTES, sampled past them.
   */
  edges?: 'exact' | 'sample' | 'auto'
  /** Bins per numeric column when the edges come from this data (default DEFAULT_BINS). */
  bins?: number
  /** Distinct values counted exactly per column (default DEFAULT_CAP). */
  cap?: number
  /** Fields whose combined value is hashed per row, to check uniqueness across shards. */
  keys?: string[]
  /** Columns read as text, each value as written. */
  text?: string[]
  /** Uncompressed CSV/TSV of more than this many bytes is profiled on the worker threads in parts of this size (default THREAD_PART_BYTES). */
  partBytes?: number
}

/** How a number on a profile relates to the same number computed from every row: see docs/profiles.md. */
export type Exactness = 'exact' | 'bounded' | 'approximate'

export interface KsInterval {
  dLow: number
  dHigh: number
  /** p-values of dHigh and dLow: the exact p-value lies between them. */
  pLow: number
  pHigh: number
  verdict: 'drift' | 'no drift' | 'inconclusive'
}

export interface ProfileColumnDrift extends ColumnDrift {
  /** What the verdict number (statistic, p-value) is: exact on the bins, a bound, or an estimate. */
  exactness: Exactness
  /** Per number of the column's result, its exactness (statistic, pValue, missingShare, moments, quantiles, effectSize…). */
  exactnessOf: Record<string, Exactness>
  ks?: KsInterval
  wasserstein?: { low: number; high: number }
}

export interface ProfileDriftOptions extends DriftOptions {
  /** Let an inconclusive KS count as drift (default false: inconclusive is reported, and fails nothing by itself). */
  inconclusiveIsDrift?: boolean
}

export interface ProfileDriftResult {
  columns: ProfileColumnDrift[]
  unmatched: { name: string; side: 'reference' | 'current' }[]
}

/** Rows a profile holds: the rows of its shards. */
export function profileRows(p: Pick<Profile, 'shards'>): number {
  return p.shards.reduce((a, s) => a + s.rows, 0)
}
