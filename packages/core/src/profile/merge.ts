import { ConfigurationError } from '../errors.ts'
import { mergeNumberStats } from '../table/summary.ts'
import type { NumberStats } from '../table/summary.ts'
import { mergeKeys } from './keys.ts'
import { mergeCategories } from './categories.ts'
import { addExpansions, canonical, roundedSum } from './exact-sum.ts'
import type { Profile, ProfileBins, ProfileColumn, ProfileKeys, ProfileShard } from './model.ts'

const SOURCES: ProfileColumn['source'][] = ['number', 'boolean', 'string']

/** The source of a column's union: text when either side holds words, as the row readers type a column. */
function mergedSource(a: ProfileColumn['source'], b: ProfileColumn['source']): ProfileColumn['source'] {
  if (a === b) return a
  return SOURCES.includes(a) && SOURCES.includes(b) ? 'string' : a
}

function sameEdges(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]))
}

function mergeBins(name: string, a: ProfileBins | undefined, b: ProfileBins | undefined): ProfileBins | undefined {
  if (!a && !b) return undefined
  if (!a || !b || !sameEdges(a.edges, b.edges))
    throw new ConfigurationError(`The profiles cannot be merged: column '${name}' is binned on different edges in them; profile every part with --edges-from the same reference profile.`)
  const sumParts = a.sumParts.map((p, i) => canonical(addExpansions(p, b.sumParts[i])))
  return { edges: a.edges, counts: a.counts.map((c, i) => c + b.counts[i]), sums: sumParts.map(roundedSum), sumParts }
}

/** Chan's merge, with a side of no numbers left out (x·n/n is not always x). */
function mergeNumbers(a: NumberStats, b: NumberStats): NumberStats {
  if (b.count === 0) return { ...a, min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) }
  if (a.count === 0) return { ...b, min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) }
  return mergeNumberStats(a, b)
}

function mergedKeys(profiles: Profile[]): ProfileKeys | undefined {
  const withKeys = profiles.filter((p) => p.keys)
  if (withKeys.length === 0) return undefined
  const fields = JSON.stringify(withKeys[0].keys!.fields)
  const odd = profiles.find((p) => !p.keys || JSON.stringify(p.keys.fields) !== fields)
  if (odd)
    throw new ConfigurationError(
      `The profiles cannot be merged: shard ${odd.shards[0]?.id} ${odd.keys ? `hashes the key ${odd.keys.fields.join(', ')}` : 'has no key hashes'}, and shard ${withKeys[0].shards[0]?.id} hashes the key ${withKeys[0].keys!.fields.join(', ')}.`,
    )
  return mergeKeys(profiles.map((p) => p.keys!)).keys
}

/** The column of the union of two parts' rows (exact but for the moments, merged by Chan's formula). */
export function mergeColumn(a: ProfileColumn, b: ProfileColumn): ProfileColumn {
  if (a.categories && b.categories && a.categories.cap !== b.categories.cap)
    throw new ConfigurationError(
      `The profiles cannot be merged: column '${a.name}' counts ${a.categories.cap} distinct values in one and ${b.categories.cap} in another; profile every part with the same cap.`,
    )
  const out: ProfileColumn = { name: a.name, source: mergedSource(a.source, b.source), rows: a.rows + b.rows, missing: a.missing + b.missing, integer: a.integer && b.integer }
  if (a.numbers && b.numbers) out.numbers = mergeNumbers(a.numbers, b.numbers)
  out.infinite = (a.infinite ?? 0) + (b.infinite ?? 0)
  out.nonNumeric = (a.nonNumeric ?? 0) + (b.nonNumeric ?? 0)
  const bins = mergeBins(a.name, a.bins, b.bins)
  if (bins) out.bins = bins
  if (a.categories && b.categories) out.categories = mergeCategories([a.categories, b.categories])
  return out
}

function checkSameColumns(first: Profile, p: Profile): void {
  const names = new Set(first.columns.map((c) => c.name))
  const other = new Set(p.columns.map((c) => c.name))
  const missing = [...names].find((n) => !other.has(n)) ?? [...other].find((n) => !names.has(n))
  if (missing !== undefined)
    throw new ConfigurationError(
      `The profiles cannot be merged: column '${missing}' is in ${names.has(missing) ? `shard ${first.shards[0]?.id}` : `shard ${p.shards[0]?.id}`} but not in ${names.has(missing) ? `shard ${p.shards[0]?.id}` : `shard ${first.shards[0]?.id}`}; they profile different schemas.`,
    )
  if (p.edgesFingerprint !== first.edgesFingerprint) {
    const differing = first.columns.find((c) => {
      const o = p.columns.find((x) => x.name === c.name)!
      return !(c.bins === undefined ? o.bins === undefined : o.bins !== undefined && sameEdges(c.bins.edges, o.bins.edges))
    })
    throw new ConfigurationError(
      `The profiles cannot be merged: column '${differing?.name ?? first.columns[0]?.name}' is binned on different edges in them; profile every part with --edges-from the same reference profile.`,
    )
  }
}

/** "3/8" → [3, 8]; any other id sorts after, by its text. */
function shardOrder(a: ProfileShard, b: ProfileShard): number {
  const pa = /^(\d+)\/(\d+)$/.exec(a.id)
  const pb = /^(\d+)\/(\d+)$/.exec(b.id)
  if (pa && pb) return Number(pa[2]) - Number(pb[2]) || Number(pa[1]) - Number(pb[1])
  if (pa || pb) return pa ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** The first shard of a profile, for its place in the merge order. */
const firstShard = (p: Profile): ProfileShard => [...p.shards].sort(shardOrder)[0] ?? { id: '', rows: 0, sources: [] }

function checkShards(shards: ProfileShard[], expected: number | undefined): void {
  const seen = new Set<string>()
  for (const s of shards) {
    if (seen.has(s.id)) throw new ConfigurationError(`The profiles cannot be merged: shard ${s.id} is in more than one of them.`)
    seen.add(s.id)
  }
  if (expected === undefined) return
  const odd = shards.find((s) => /^\d+\/\d+$/.test(s.id) && Number(s.id.split('/')[1]) !== expected)
  if (odd) throw new ConfigurationError(`The profiles cannot be merged: shard ${odd.id} is of a split into ${odd.id.split('/')[1]}, and ${expected} shards are expected.`)
  const missing = Array.from({ length: expected }, (_, i) => `${i + 1}/${expected}`).filter((id) => !seen.has(id))
  if (missing.length || shards.length !== expected)
    throw new ConfigurationError(
      missing.length
        ? `The profiles cannot be merged: ${missing.length === 1 ? `shard ${missing[0]} is` : `shards ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''} are`} missing of the ${expected} expected.`
        : `The profiles cannot be merged: they hold ${shards.length} shards, and ${expected} are expected (${shards.map((s) => s.id).join(', ')}).`,
    )
}

/**
 * The profile of the union of the profiles' rows. Order-independent: the profiles are merged in the
 * order of their shards (1/n, 2/n, …), bins and counts by exact addition, the moments by Chan's
 * formula (so any order of the same profiles gives the same bits). Refuses, in one sentence naming
 * the column or shard, profiles of other columns, edges or caps, a shard twice, or a shard missing
 * when `expectedShards` is given.
 */
export function mergeProfiles(profiles: Profile[], o: { expectedShards?: number } = {}): Profile {
  if (profiles.length === 0) throw new ConfigurationError('No profiles to merge were given.')
  const ordered = [...profiles].sort((a, b) => shardOrder(firstShard(a), firstShard(b)))
  const first = ordered[0]
  for (const p of ordered.slice(1)) checkSameColumns(first, p)
  const shards = ordered.flatMap((p) => p.shards).sort(shardOrder)
  const expected = o.expectedShards ?? first.expectedShards
  checkShards(shards, expected)
  const columns = first.columns.map((c) =>
    ordered.slice(1).reduce(
      (acc, p) =>
        mergeColumn(
          acc,
          p.columns.find((x) => x.name === c.name)!,
        ),
      c,
    ),
  )
  const sources = [...new Map(ordered.flatMap((p) => p.sources).map((s) => [`${s.path}\0${s.sha256}`, s])).values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const out: Profile = { kind: 'mlgate.profile', version: first.version, columns, edgesFingerprint: first.edgesFingerprint, sources, shards }
  if (expected !== undefined) out.expectedShards = expected
  const keys = mergedKeys(ordered)
  if (keys) out.keys = keys
  return out
}
