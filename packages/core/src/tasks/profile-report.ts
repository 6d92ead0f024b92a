import type { Profile, ProfileColumn } from '../profile/index.ts'
import { profileRows } from '../profile/index.ts'
import { fmt, table, thousands } from '../report/markdown.ts'
import type { FileDigest, Report } from '../report/model.ts'
import type { TaskResult } from '../task.ts'

export interface ProfileFacts {
  operation: 'build' | 'merge'
  out: string
  bytes: number
  profile: Profile
  inputs: FileDigest[]
  edgesFrom?: string
  expectedShards?: number
}

/** "1/8, 2/8, 3/8" → the shard count the ids say the whole has, when they all say the same. */
function impliedShardCount(p: Profile): number | undefined {
  const counts = new Set(p.shards.map((s) => /^\d+\/(\d+)$/.exec(s.id)?.[1]))
  const [only] = [...counts]
  return counts.size === 1 && only !== undefined ? Number(only) : undefined
}

function shardCheck(f: ProfileFacts): Report['checks'][number] | undefined {
  const { profile } = f
  if (f.operation !== 'merge') return undefined
  const n = profile.shards.length
  if (f.expectedShards !== undefined) return { id: 'shards', title: 'Shards', status: 'pass', message: `all ${n} of ${f.expectedShards} expected shards merged` }
  const implied = impliedShardCount(profile)
  // without the expected count a missing shard goes unnoticed: never a silent pass
  if (implied !== undefined && implied !== n)
    return { id: 'shards', title: 'Shards', status: 'warn', message: `${n} shards merged but their ids say ${implied}; set expect-shards to refuse an incomplete merge` }
  return { id: 'shards', title: 'Shards', status: 'warn', message: `${n} profiles merged without expect-shards: a missing shard would not be noticed` }
}

function columnRow(c: ProfileColumn): unknown[] {
  const n = c.numbers
  const kept = c.bins
    ? `${c.bins.edges.length + 1} bins`
    : c.categories
      ? `${Object.keys(c.categories.counts).length} categories${c.categories.other ? ` + other (${thousands(c.categories.other)})` : ''}`
      : ''
  return [c.name, c.source, thousands(c.rows), thousands(c.missing), n ? fmt(n.min) : '', n ? fmt(n.max) : '', n ? fmt(n.mean) : '', kept]
}

/** Fills the profile task's report: what was profiled or merged, into which file, and what each column holds. */
export function profileReport(report: Report, f: ProfileFacts): TaskResult {
  const { profile } = f
  const rows = profileRows(profile)
  const shards = profile.shards.map((s) => s.id)
  const what =
    f.operation === 'merge' ? `Merged ${profile.shards.length} shard profile(s)` : `Profiled ${thousands(rows)} rows${shards.length === 1 && /\//.test(shards[0]) ? ` (shard ${shards[0]})` : ''}`
  report.inputs = f.inputs
  report.headline = `${what} of ${profile.columns.length} columns into '${f.out}' (${thousands(Math.ceil(f.bytes / 1024))} KB)${f.operation === 'merge' ? `: ${thousands(rows)} rows` : ''}.`
  report.checks.push({
    id: 'profile',
    title: 'Profile',
    status: 'pass',
    message: `${thousands(rows)} rows, ${profile.columns.length} columns, edges ${profile.edgesFingerprint.slice(0, 12)}${f.edgesFrom ? ` (from '${f.edgesFrom}')` : ''}`,
  })
  const shardsChecked = shardCheck(f)
  if (shardsChecked) report.checks.push(shardsChecked)
  report.verdict = report.checks.some((c) => c.status === 'warn') ? 'warn' : 'pass'
  report.sections.push({
    title: 'Columns',
    markdown: table(
      ['column', 'type', 'rows', 'missing', 'min', 'max', 'mean', 'kept'],
      profile.columns.map((c) => columnRow(c)),
    ),
    folded: true,
  })
  report.policy = { operation: f.operation, edgesFrom: f.edgesFrom ?? null, expectedShards: f.expectedShards ?? null }
  report.body = { operation: f.operation, profile: f.out, bytes: f.bytes, rows, columns: profile.columns.length, shards, edgesFingerprint: profile.edgesFingerprint }
  return { report, outputs: { 'profile-path': f.out, 'row-count': String(rows), shards: shards.join(','), 'edges-fingerprint': profile.edgesFingerprint } }
}
