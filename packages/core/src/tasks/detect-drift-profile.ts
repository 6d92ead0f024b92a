import { ConfigurationError } from '../errors.ts'
import type { Dataset } from '../dataset/index.ts'
import { openDataset } from '../dataset/index.ts'
import type { FormatOption } from '../io/sources.ts'
import { buildProfile, profileDrift, profileRows } from '../profile/index.ts'
import type { Profile, ProfileDriftResult } from '../profile/index.ts'
import type { DriftOptions } from '../drift/detect.ts'
import type { FileDigest, Report } from '../report/model.ts'
import type { TaskContext, TaskResult } from '../task.ts'
import { writeFileAtomic } from '../fs.ts'
import { absolutePath } from '../io/sources.ts'
import { htmlPage } from '../report/html.ts'
import { driftHtml } from '../drift/html.ts'
import { driftReport } from './detect-drift-report.ts'
import type { DriftPolicy } from './detect-drift-report.ts'
import { modeHtml } from './detect-drift-exactness.ts'
import { thousands } from '../report/markdown.ts'
import { namesProfiles, readNamedProfiles } from './profile.ts'

export const MODES = ['auto', 'exact', 'profile'] as const

/** Default of the memory-budget input (MB): a quarter of the smallest hosted runner (Azure's 7 GB, GitHub's 8 GB private runner). */
export const DEFAULT_MEMORY_BUDGET_MB = 2048

/**
 * Memory that exact mode needs per byte of data, measured with bench/drift.mjs: detect-drift 1M vs 1M
 * rows of CSV (2 × 147 MB) peaks at 341–353 MB, 5M vs 5M (2 × 737 MB) at 1.18 GB, 356k × 100 columns
 * (2 × 285 MB) at 750–770 MB: at most 1.35 bytes per byte of CSV. Compressed files hold more values per
 * byte: gzip about 4× (CSV of decimals), Parquet about 2.6× (bench: 57 MB for the 147 MB CSV).
 */
const BYTES_PER_BYTE = { text: 1.35, gzip: 1.35 * 4, parquet: 1.35 * 2.6 }

/** Which mode runs and the sentence that says why. */
export interface DriftRun {
  mode: 'exact' | 'profile'
  why: string
  /** auto between two datasets: the estimate and the budget it was weighed against (bytes). */
  estimatedBytes?: number
  budgetBytes?: number
}

const mb = (bytes: number) => `${thousands(Math.round(bytes / 2 ** 20))} MB`

/** Bytes of memory exact mode is estimated to need for a dataset's columns. */
function estimateExactBytes(sets: Dataset[]): number {
  let total = 0
  for (const s of sets) for (const f of s.sources) total += f.bytes * (f.format === 'parquet' ? BYTES_PER_BYTE.parquet : f.gzip ? BYTES_PER_BYTE.gzip : BYTES_PER_BYTE.text)
  return Math.round(total)
}

/** The side(s) named as profiles decide for profile mode; between two datasets auto weighs the estimate against the budget. */
export async function chooseMode(ctx: TaskContext, format: FormatOption): Promise<DriftRun> {
  const { inputs } = ctx
  const mode = inputs.choice('mode', MODES)
  const sides = (['reference', 'current'] as const).filter((role) => namesProfiles(inputs.string(role), role))
  if (sides.length) {
    const named = sides.length === 2 ? 'both sides are profiles' : `the ${sides[0]} is a profile`
    if (mode === 'exact') throw new ConfigurationError(`Input 'mode' is exact but ${named}: exact mode needs every row, so set mode to profile or auto, or name the data itself.`)
    return { mode: 'profile', why: `${named}: compared on the reference's bin edges` }
  }
  if (mode !== 'auto') return { mode, why: `mode: ${mode} was asked for` }
  const budgetMb = inputs.number('memory-budget', { min: 1, integer: true }) ?? DEFAULT_MEMORY_BUDGET_MB
  const sets = await Promise.all((['reference', 'current'] as const).map((role) => openDataset(inputs.string(role), { cwd: ctx.cwd, format, role })))
  const estimatedBytes = estimateExactBytes(sets)
  const budgetBytes = budgetMb * 2 ** 20
  const amounts = `${sets[0].amount()} and ${sets[1].amount()}`
  if (estimatedBytes <= budgetBytes)
    return { mode: 'exact', why: `exact mode's columns for ${amounts} are estimated at ${mb(estimatedBytes)}, within the memory budget of ${mb(budgetBytes)}`, estimatedBytes, budgetBytes }
  return {
    mode: 'profile',
    why: `exact mode's columns for ${amounts} are estimated at ${mb(estimatedBytes)}, past the memory budget of ${mb(budgetBytes)}: the data was profiled as it streamed`,
    estimatedBytes,
    budgetBytes,
  }
}

interface Side {
  profile: Profile
  files: FileDigest[]
}

/** A side named as data, profiled as it streams (on the other side's edges when given). */
async function profileData(ctx: TaskContext, role: 'reference' | 'current', format: FormatOption, text: string[], edgesFrom?: Profile): Promise<Side> {
  const data = await openDataset(ctx.inputs.string(role), { cwd: ctx.cwd, format, role })
  ctx.progress.phase(`profiling the ${role} data, ${data.amount()}`)
  const profile = await buildProfile(data, { edgesFrom, text })
  return { profile, files: profile.sources.map((s) => ({ path: s.path, bytes: s.bytes, sha256: s.sha256 })) }
}

/**
 * Profile mode: each side is a profile (named, or merged from many) or data profiled as it streams —
 * the reference first, so that the current side is binned on its edges; a reference given as data
 * beside a current profile is binned on the profile's edges (they are the reference's).
 */
async function profileSides(ctx: TaskContext, format: FormatOption, options: DriftOptions): Promise<{ result: ProfileDriftResult; sides: [Side, Side] }> {
  const { inputs } = ctx
  const text = [...options.kinds].filter(([, k]) => k !== 'numeric').map(([c]) => c)
  const given = async (role: 'reference' | 'current') => (namesProfiles(inputs.string(role), role) ? await readNamedProfiles(inputs.string(role), ctx.cwd, `${role} profile`) : undefined)
  const [refGiven, curGiven] = await Promise.all([given('reference'), given('current')])
  const reference = refGiven ?? (await profileData(ctx, 'reference', format, text, curGiven?.profile))
  const current = curGiven ?? (await profileData(ctx, 'current', format, text, reference.profile))
  ctx.progress.phase(`comparing ${thousands(reference.profile.columns.length)} columns on their profiles`)
  const result = profileDrift(reference.profile, current.profile, { ...options, inconclusiveIsDrift: inputs.choice('ks-inconclusive', INCONCLUSIVE) === 'drift' })
  return { result, sides: [reference, current] }
}

export const INCONCLUSIVE = ['warn', 'drift'] as const

/** detect-drift in profile mode: both sides as profiles, compared on the reference's edges, in the report exact mode writes (with each number's kind). */
export async function runProfileMode(ctx: TaskContext, report: Report, o: { options: DriftOptions; policy: DriftPolicy; format: FormatOption; run: DriftRun }): Promise<TaskResult> {
  const { result, sides } = await profileSides(ctx, o.format, o.options)
  const rows = { reference: profileRows(sides[0].profile), current: profileRows(sides[1].profile) }
  const { outputs } = driftReport(report, result, rows, [...sides[0].files, ...sides[1].files], o.options, o.policy, o.run)
  const htmlPath = ctx.inputs.optional('html-report')
  if (htmlPath)
    await writeFileAtomic(absolutePath(htmlPath, ctx.cwd), htmlPage('mlgate drift report', `<h1>Drift report</h1>${driftHtml(result.columns, report.headline)}${modeHtml(o.run, result.columns)}`), {
      signal: ctx.signal,
    })
  return { report, outputs }
}
