import { ConfigurationError } from '../errors.ts'
import { sha256File } from '../fs.ts'
import { absolutePath, expandPaths, FORMAT_OPTIONS } from '../io/sources.ts'
import { splitList } from '../inputs.ts'
import { buildProfile, isProfilePath, mergeProfiles, readProfiles, writeProfile } from '../profile/index.ts'
import type { Profile } from '../profile/index.ts'
import type { FileDigest } from '../report/model.ts'
import { newReport } from '../report/model.ts'
import { defineTask } from '../task.ts'
import type { TaskContext, TaskResult } from '../task.ts'
import { openDataset } from '../dataset/index.ts'
import { profileReport } from './profile-report.ts'

const OPERATIONS = ['build', 'merge'] as const

export const profileTask = defineTask({
  id: 'profile',
  title: 'mlgate: profile data',
  description: 'Summarize a dataset, or one shard of it, into a mergeable profile; or merge shard profiles into one.',
  guid: '8fbd744a-6d9e-4a20-a664-16914539dafd',
  icon: 'layers',
  color: 'blue',
  inputs: {
    operation: { type: 'choice', choices: OPERATIONS, default: 'build', description: 'build a profile from data, or merge profiles into one.' },
    data: { type: 'string', default: '', description: 'build: data file, glob or comma-separated list (any format validate-data reads).' },
    format: { type: 'choice', choices: FORMAT_OPTIONS, default: 'auto', description: 'build: data format; auto detects it from the extension.', group: 'advanced' },
    delimiter: { type: 'string', default: '', description: 'build: field delimiter of CSV files (default , and tab for TSV).', group: 'advanced' },
    'edges-from': {
      type: 'path',
      default: '',
      description: 'build: a reference profile whose bin edges and categories this profile uses (required to compare or merge with it); without it the edges come from this data.',
    },
    shard: { type: 'string', default: '', description: 'build: profile only shard i of n (1-based, e.g. 3/8: a share of the files, Parquet row groups or CSV byte ranges).' },
    keys: { type: 'string', default: '', description: 'build: columns forming a key (comma-separated) whose hashes the profile keeps, so uniqueness is checked across shards.' },
    bins: { type: 'integer', default: '', description: 'build: bins per numeric column when the edges come from this data (default of the profile format).', group: 'advanced' },
    'category-cap': { type: 'integer', default: '', description: 'build: categories counted exactly per column before the rest go to an "other" bucket.', group: 'advanced' },
    profiles: { type: 'string', default: '', description: 'merge: profile files, globs or a comma/newline list (*.profile.json or *.profile.json.gz).' },
    'expect-shards': { type: 'integer', default: '', description: 'merge: refuse unless the profiles are exactly shards 1…n of n.' },
    out: { type: 'path', required: true, description: 'Write the profile to this path (*.profile.json, or *.profile.json.gz for gzip).' },
    // a shard job publishes nothing by default: the job that merges and compares does
    status: { type: 'choice', choices: ['auto', 'true', 'false'], default: 'false', description: 'Publish a commit/PR status check (auto: only in pull requests).', group: 'output' },
    comment: { type: 'choice', choices: ['auto', 'true', 'false'], default: 'false', description: 'Add this result to the sticky mlgate PR comment (auto: only in pull requests).', group: 'output' },
  },
  outputs: {
    'profile-path': { description: 'Path of the profile written.' },
    'row-count': { description: 'Rows the profile holds.' },
    shards: { description: 'Shards the profile holds (their ids, comma-separated).' },
    'edges-fingerprint': { description: "sha256 of the profile's bin edges: profiles merge and compare only when it is equal." },
  },
  run: (ctx) => runProfile(ctx),
})

/** "3/8" → { index: 3, count: 8 } (1-based); anything else is the user's mistake. */
function parseShard(text: string, input = 'shard'): { index: number; count: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text)
  const index = m ? Number(m[1]) : NaN
  const count = m ? Number(m[2]) : NaN
  if (!m || count < 1 || index < 1 || index > count) throw new ConfigurationError(`Input '${input}' must be i/n with 1 ≤ i ≤ n (e.g. 3/8: the third of eight shards), got '${text.trim()}'.`)
  return { index, count }
}

async function runProfile(ctx: TaskContext): Promise<TaskResult> {
  const { inputs } = ctx
  const operation = inputs.choice('operation', OPERATIONS)
  const out = inputs.string('out')
  if (!isProfilePath(out)) throw new ConfigurationError(`Input 'out': '${out}' must end in .profile.json or .profile.json.gz, so that other steps know it for a profile.`)
  const report = newReport('profile', operation === 'merge' ? 'Merge profiles' : 'Profile data')
  const made = operation === 'merge' ? await mergeInputs(ctx) : await buildInputs(ctx)
  ctx.progress.phase(`writing the profile '${out}'`)
  await writeProfile(out, made.profile, { cwd: ctx.cwd, signal: ctx.signal })
  const written = await sha256File(absolutePath(out, ctx.cwd), 'profile')
  return profileReport(report, { operation, out, bytes: written.bytes, ...made })
}

interface Made {
  profile: Profile
  inputs: FileDigest[]
  /** The reference profile the edges came from, when one was given. */
  edgesFrom?: string
  expectedShards?: number
}

async function buildInputs(ctx: TaskContext): Promise<Made> {
  const { inputs } = ctx
  const spec = inputs.string('data')
  if (spec === '') throw new ConfigurationError("Input 'data' is required to build a profile (or set operation: merge and name the profiles).")
  if (inputs.optional('profiles')) throw new ConfigurationError("Input 'profiles' is for operation: merge; to build a profile name the data with 'data'.")
  const edgesPath = inputs.optional('edges-from')
  const edges = edgesPath ? await readProfiles([edgesPath], ctx.cwd) : undefined
  const edgesFrom = edges?.profiles[0]
  const shardText = inputs.optional('shard')
  const dataset = await openDataset(spec, { cwd: ctx.cwd, format: inputs.choice('format', FORMAT_OPTIONS), delimiter: inputs.optional('delimiter'), role: 'data' })
  ctx.progress.phase(`profiling ${dataset.amount()}${shardText ? ` (shard ${shardText})` : ''}`)
  const profile = await buildProfile(dataset, {
    edgesFrom,
    shard: shardText ? parseShard(shardText) : undefined,
    bins: inputs.number('bins', { min: 2, integer: true }),
    cap: inputs.number('category-cap', { min: 1, integer: true }),
    keys: inputs.list('keys').length ? inputs.list('keys') : undefined,
  })
  const digests = profile.sources.map((s) => ({ path: s.path, bytes: s.bytes, sha256: s.sha256 }))
  if (edges) digests.push(...edges.files)
  return { profile, inputs: digests, edgesFrom: edgesPath }
}

async function mergeInputs(ctx: TaskContext): Promise<Made> {
  const { inputs } = ctx
  const spec = inputs.string('profiles')
  if (spec === '') throw new ConfigurationError("Input 'profiles' is required to merge (the shard profiles: files, globs or a list).")
  for (const name of ['data', 'edges-from', 'shard', 'keys'] as const)
    if (inputs.optional(name)) throw new ConfigurationError(`Input '${name}' is for operation: build; a merge takes its edges, shards and keys from the profiles.`)
  const expectedShards = inputs.number('expect-shards', { min: 1, integer: true })
  ctx.progress.phase(`merging the profiles ${splitList(spec).length === 1 ? `'${spec}'` : `of ${splitList(spec).length} patterns`}`)
  const { profile, files } = await readNamedProfiles(spec, ctx.cwd, 'profile', expectedShards)
  return { profile, inputs: files, expectedShards }
}

/** Whether an input names profiles rather than data: every item of its list is a *.profile.json(.gz) path or pattern (some but not all is a mistake). */
export function namesProfiles(spec: string, input: string): boolean {
  const items = splitList(spec)
  const profiles = items.filter((item) => isProfilePath(item)).length
  if (profiles > 0 && profiles < items.length) throw new ConfigurationError(`Input '${input}' names both profiles and data files; name either profiles (*.profile.json) or data.`)
  return items.length > 0 && profiles === items.length
}

/**
 * Reads the profiles a spec names (files, globs, a list) and merges them in the order given (merging
 * is order-independent); a spec that mixes profiles and data is the user's mistake.
 */
export async function readNamedProfiles(spec: string, cwd: string, role: string, expectedShards?: number): Promise<{ profile: Profile; files: FileDigest[] }> {
  const paths = await expandPaths(spec, cwd, role)
  const stray = paths.find((p) => !isProfilePath(p))
  if (stray) throw new ConfigurationError(`The ${role} '${stray}' is not a profile (*.profile.json or *.profile.json.gz); name either profiles or data, not both.`)
  const { profiles, files } = await readProfiles(paths, cwd)
  const profile = profiles.length === 1 && expectedShards === undefined ? profiles[0] : mergeProfiles(profiles, { expectedShards })
  return { profile, files }
}
