import { ConfigurationError } from '../errors.ts'
import { sha256File } from '../fs.ts'
import { absolutePath } from '../io/sources.ts'
import { fmt, table } from '../report/markdown.ts'
import { newReport } from '../report/model.ts'
import type { Check } from '../report/model.ts'
import type { Annotation, Environment } from '../platform.ts'
import { defineTask } from '../task.ts'
import type { TaskContext } from '../task.ts'
import type { Difference } from '../repro/compare-outputs.ts'
import { compareOutput, requireOutputs } from '../repro/compare-outputs.ts'
import type { DvcFinding } from '../repro/dvc.ts'
import { changedOnDisk, verifyDvcLock } from '../repro/dvc.ts'
import type { LockfileResult } from '../repro/lockfiles.ts'
import { checkLockfile, findLockfileInputs } from '../repro/lockfiles.ts'
import type { EntryResult } from '../repro/manifest.ts'
import { buildManifest, readManifest, trackedPaths, verifyManifest, writeManifest } from '../repro/manifest.ts'
import type { ParamsResult } from '../repro/params.ts'
import { checkParams } from '../repro/params.ts'
import type { RunRecord, Variation } from '../repro/rerun.ts'
import { rerun, VARIATIONS } from '../repro/rerun.ts'

export const checkReproducibility = defineTask({
  id: 'check-reproducibility',
  title: 'mlgate: check reproducibility',
  description: 'Check that data and artifacts match recorded checksums, dependencies are pinned, params are committed, and a re-run reproduces the outputs within tolerance.',
  guid: '5d8e1f37-2c4a-4b9e-9d6f-7a1b3c5e8f04',
  icon: 'repeat',
  color: 'purple',
  inputs: {
    manifest: { type: 'path', default: 'mlgate.lock', description: 'Manifest of sha256 checksums to verify (or to write with update).' },
    paths: { type: 'string', default: '', description: 'Files, directories or globs to track (data, models, params).' },
    update: { type: 'boolean', default: 'false', description: 'Write or refresh the manifest instead of verifying it.' },
    'dvc-lock': { type: 'path', default: '', description: 'Verify the deps and outs of a dvc.lock like dvc status.' },
    lockfiles: { type: 'string', default: 'auto', description: 'Dependency files to check: auto (find them), none, or a list (package.json, requirements*.txt, pyproject.toml, environment.yml).' },
    'require-hashes': { type: 'boolean', default: 'false', description: 'requirements*.txt entries must also carry --hash=sha256:…', group: 'advanced' },
    params: { type: 'string', default: '', description: 'Params files that must be committed and clean in git.' },
    command: { type: 'string', default: '', description: 'Training command to re-run (no shell: quote arguments, put pipes in a script).' },
    runs: { type: 'integer', default: '2', description: 'How many times to run the command.' },
    outputs: { type: 'string', default: '', description: 'Files the command writes, compared across runs.' },
    atol: { type: 'number', default: '0', description: 'Absolute tolerance for numbers in JSON/YAML/CSV outputs.' },
    rtol: { type: 'number', default: '0', description: 'Relative tolerance for numbers in JSON/YAML/CSV outputs.' },
    vary: { type: 'string', default: VARIATIONS.join(','), description: 'What differs between runs: env (HOME), tz, locale, path, order (of environment variables).' },
    'seed-env': { type: 'string', default: '', description: 'Variables that must be set for the run, e.g. PYTHONHASHSEED.' },
    'timeout-minutes': { type: 'number', default: '30', description: 'Time limit of each run.' },
    'fail-on': { type: 'choice', choices: ['fail', 'never'], default: 'fail', description: 'fail: the step fails on any mismatch; never: report only.' },
  },
  outputs: {
    reproducible: { description: 'true when everything matched.' },
    'changed-paths': { description: 'Comma-separated paths that differ from the manifest, dvc.lock or between runs.' },
  },
  run: (ctx) => runCheckReproducibility(ctx),
})

/** Fails on a changed dep/out, and on one mlgate could not verify: an entry checked by nobody is not a match. */
function dvcCheck(lockPath: string, dvc: DvcFinding[]): Check {
  const changed = dvc.filter(changedOnDisk)
  const unverifiable = dvc.filter((d) => d.status === 'unverifiable')
  const problems = [
    ...changed.slice(0, 5).map((d) => `${d.stage}: ${d.kind} ${d.path} ${d.status}`),
    ...(unverifiable.length
      ? [
          `${unverifiable.length} entr${unverifiable.length === 1 ? 'y' : 'ies'} without an md5 mlgate can verify (${unverifiable
            .slice(0, 5)
            .map((d) => `${d.path}: ${d.expected}`)
            .join(', ')})`,
        ]
      : []),
  ]
  const verified = dvc.length - unverifiable.length
  return { id: 'dvc', title: `dvc.lock (${lockPath})`, status: problems.length ? 'fail' : 'pass', message: problems.length ? problems.join('; ') : `${verified} deps/outs match` }
}

/** One annotation per problem line, also when two checked files include the same file. */
function lineAnnotations(results: LockfileResult[]): Annotation[] {
  const all = results.flatMap((r) => r.problems.map((p) => ({ level: 'error' as const, title: 'unpinned dependency', message: p.message, file: p.file ?? r.path, line: p.line ?? 1 })))
  // annotations with one key are the same annotation, so the Map's last one is its first one
  return [...new Map(all.map((a) => [`${a.file}:${a.line}:${a.message}`, a])).values()]
}

/** The manifest step: write it (update) or verify it; no manifest is fine unless paths or a manifest name ask for one. */
async function manifestStep(ctx: TaskContext, manifestPath: string): Promise<{ check?: Check; entries: EntryResult[] }> {
  const { inputs, cwd } = ctx
  const paths = inputs.optional('paths') ? await trackedPaths(inputs.string('paths'), cwd) : []
  if (inputs.boolean('update')) {
    if (!paths.length) throw new ConfigurationError("Input 'paths' names what to record when update is true.")
    ctx.progress.phase(`hashing ${paths.length} path(s) for ${manifestPath}`, { files: paths.length })
    const m = await buildManifest(paths, cwd)
    ctx.progress.phase(`writing ${manifestPath}`, {}, true)
    await writeManifest(manifestPath, cwd, m, ctx.signal)
    const entries: EntryResult[] = Object.entries(m.entries).map(([path, e]) => ({ path, status: 'unchanged', expected: e, actual: e }))
    return { check: { id: 'manifest', title: 'Manifest', status: 'pass', message: `recorded ${paths.length} path(s) in ${manifestPath}` }, entries }
  }
  const m = await readManifest(manifestPath, cwd)
  if (!m) {
    if (inputs.optional('manifest') && inputs.string('manifest') !== 'mlgate.lock') throw new ConfigurationError(`The manifest '${manifestPath}' does not exist; create it with update: true.`)
    if (paths.length) throw new ConfigurationError(`There is no ${manifestPath} to verify the paths against; create it with update: true and commit it.`)
    return { entries: [] }
  }
  ctx.progress.phase(`hashing the paths recorded in ${manifestPath}`)
  const entries = await verifyManifest(m, paths, cwd)
  const bad = entries.filter((e) => e.status !== 'unchanged')
  return {
    check: {
      id: 'manifest',
      title: `Checksums (${manifestPath})`,
      status: bad.length ? 'fail' : 'pass',
      message: bad.length
        ? bad
            .slice(0, 5)
            .map((e) => `${e.path}: ${e.status}`)
            .join('; ')
        : `${entries.length} path(s) unchanged`,
    },
    entries,
  }
}

async function dvcStep(ctx: TaskContext): Promise<{ check?: Check; dvc: DvcFinding[] }> {
  const dvcLock = ctx.inputs.optional('dvc-lock')
  if (!dvcLock) return { dvc: [] }
  const dvc = await verifyDvcLock(dvcLock, ctx.cwd)
  return { check: dvcCheck(dvcLock, dvc), dvc }
}

async function lockfilesStep(ctx: TaskContext): Promise<{ check?: Check; lockfiles: LockfileResult[]; lockPaths: string[] }> {
  const { inputs, cwd } = ctx
  const spec = inputs.string('lockfiles')
  const lockPaths = spec === 'none' ? [] : spec === 'auto' || spec === '' ? await findLockfileInputs(cwd) : inputs.list('lockfiles')
  const lockfiles: LockfileResult[] = []
  for (const p of lockPaths) {
    try {
      lockfiles.push(await checkLockfile(p, cwd, inputs.boolean('require-hashes')))
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new ConfigurationError(`Input 'lockfiles': '${p}' does not exist.`)
      throw e
    }
  }
  if (!lockPaths.length) return { lockfiles, lockPaths }
  const n = lockfiles.reduce((a, l) => a + l.problems.length, 0)
  const files = [...new Set(lockfiles.flatMap((l) => l.problems.map((p) => p.file ?? l.path)))]
  return {
    check: { id: 'lockfiles', title: 'Dependencies pinned', status: n ? 'fail' : 'pass', message: n ? `${n} problem(s) in ${files.join(', ')}` : `${lockPaths.length} file(s) pinned` },
    lockfiles,
    lockPaths,
  }
}

async function paramsStep(ctx: TaskContext): Promise<{ check?: Check; params: ParamsResult[] }> {
  const params = await checkParams(ctx.inputs.list('params'), ctx.cwd)
  if (!params.length) return { params }
  const bad = params.filter((p) => p.status !== 'committed')
  return {
    check: {
      id: 'params',
      title: 'Params committed',
      status: bad.length ? 'fail' : 'pass',
      message: bad.length ? bad.map((p) => p.message).join(' ') : `${params.length} file(s) committed and clean`,
    },
    params,
  }
}

function seedStep(seedEnv: string[], env: Environment): Check | undefined {
  const unset = seedEnv.filter((v) => env[v] === undefined)
  if (seedEnv.length) return { id: 'seed-env', title: 'Seed variables', status: unset.length ? 'fail' : 'pass', message: unset.length ? `not set: ${unset.join(', ')}` : `${seedEnv.join(', ')} set` }
  return undefined
}

function rerunCheck(records: RunRecord[], differences: Difference[], outputs: unknown[]): Check | undefined {
  if (!records.length) return undefined
  return {
    id: 'rerun',
    title: `Re-run ×${records.length}`,
    status: differences.length ? 'fail' : 'pass',
    message: differences.length ? `${new Set(differences.map((d) => d.path)).size} output(s) differ` : `${outputs.length} output(s) reproduced`,
  }
}

/** Every check that applies runs, in this order; then one verdict over all of them. */
async function runCheckReproducibility(ctx: TaskContext) {
  const { inputs, cwd } = ctx
  const report = newReport('check-reproducibility', 'Check reproducibility')
  const manifestPath = inputs.string('manifest') || 'mlgate.lock'
  const manifest = await manifestStep(ctx, manifestPath)
  const { dvc, ...dvcResult } = await dvcStep(ctx)
  const { lockfiles, lockPaths, ...lockResult } = await lockfilesStep(ctx)
  const { params, ...paramsResult } = await paramsStep(ctx)
  const seedEnv = inputs.list('seed-env')
  const { records, differences, outputs } = await runAndCompare(ctx)
  const checks = [manifest.check, dvcResult.check, lockResult.check, paramsResult.check, seedStep(seedEnv, ctx.platform.env), rerunCheck(records, differences, outputs)].filter(
    (c): c is Check => c !== undefined,
  )
  if (!checks.length) throw new ConfigurationError('Nothing to check: give paths with a manifest, dvc-lock, lockfiles, params or command.')
  const { entries } = manifest
  const changed = [...entries.filter((e) => e.status !== 'unchanged').map((e) => e.path), ...dvc.filter(changedOnDisk).map((d) => d.path), ...new Set(differences.map((d) => d.path))]
  const failed = checks.filter((c) => c.status === 'fail')
  report.checks = checks
  report.verdict = failed.length ? (inputs.string('fail-on') === 'never' ? 'warn' : 'fail') : 'pass'
  report.headline = failed.length
    ? `Not reproducible: ${failed.map((c) => `${c.title} — ${c.message}`).join('; ')}.`
    : `Reproducible: ${checks.map((c) => c.title.toLowerCase()).join(', ')} all match.`
  report.annotations = [
    ...lineAnnotations(lockfiles),
    ...params.filter((p) => p.status !== 'committed').map((p) => ({ level: 'error' as const, title: 'params not committed', message: p.message, file: p.path, line: 1 })),
  ]
  report.sections = sections(entries, dvc, lockfiles, differences)
  report.policy = { manifest: manifestPath, atol: inputs.number('atol') ?? 0, rtol: inputs.number('rtol') ?? 0, vary: inputs.list('vary'), runs: records.length, seedEnv }
  const tracked = entries.filter((e) => e.actual).map((e) => ({ path: e.path, bytes: e.actual!.size, sha256: e.actual!.sha256 }))
  const dependencyFiles = [...new Set([...lockPaths, ...lockfiles.flatMap((l) => l.includes ?? [])])]
  report.inputs = [...tracked, ...(await Promise.all(dependencyFiles.map(async (p) => ({ ...(await sha256File(absolutePath(p, cwd))), path: p }))))]
  report.body = {
    reproducible: failed.length === 0,
    entries: entries.map((e) => ({ path: e.path, status: e.status, expected: e.expected?.sha256 ?? null, actual: e.actual?.sha256 ?? null, files: e.actual?.files ?? e.expected?.files ?? null })),
    dvc,
    lockfiles,
    params,
    runs: records.map((r) => ({ exitCode: r.exitCode, durationMs: r.durationMs, variation: r.variation })),
    differences,
    outputs,
  }
  return { report, outputs: { reproducible: String(failed.length === 0), 'changed-paths': [...new Set(changed)].join(',') } }
}

async function runAndCompare(ctx: TaskContext): Promise<{ records: RunRecord[]; differences: Difference[]; outputs: { path: string; identical: boolean; sha256: (string | null)[] }[] }> {
  const command = ctx.inputs.optional('command')
  if (!command) return { records: [], differences: [], outputs: [] }
  const outputs = ctx.inputs.list('outputs')
  if (!outputs.length) throw new ConfigurationError("Input 'outputs' lists the files the command writes, to compare across runs.")
  const vary = new Set(ctx.inputs.list('vary') as Variation[])
  for (const v of vary) if (!VARIATIONS.includes(v)) throw new ConfigurationError(`Input 'vary': '${v}' is not one of ${VARIATIONS.join(', ')}.`)
  const runs = ctx.inputs.number('runs', { min: 2, max: 10, integer: true }) ?? 2
  const t = { atol: ctx.inputs.number('atol', { min: 0 }) ?? 0, rtol: ctx.inputs.number('rtol', { min: 0 }) ?? 0 }
  const timeoutMs = (ctx.inputs.number('timeout-minutes', { min: 0.01 }) ?? 30) * 60_000
  ctx.progress.phase(`re-running '${command}' ${runs} times in fresh copies of the workspace`)
  const { records, cleanup } = await rerun({ command, runs, cwd: ctx.cwd, vary, timeoutMs, signal: ctx.signal, env: ctx.platform.env })
  try {
    await requireOutputs(outputs, records, command)
    const differences: Difference[] = []
    const results = []
    for (const out of outputs) {
      let identical = true
      const sha: (string | null)[] = []
      for (let i = 1; i < records.length; i++) {
        const r = await compareOutput(out, records[0].dir, records[i].dir, t)
        if (i === 1) sha.push(r.sha256[0])
        sha.push(r.sha256[1])
        if (!r.identical) identical = false
        differences.push(...r.differences.map((d) => (records.length > 2 ? { ...d, location: `${d.location} (run 1 vs ${i + 1})` } : d)))
      }
      results.push({ path: out, identical, sha256: sha })
    }
    return { records, differences, outputs: results }
  } finally {
    await cleanup()
  }
}

function sections(entries: EntryResult[], dvc: DvcFinding[], lockfiles: LockfileResult[], differences: Difference[]) {
  const out = []
  const changed = entries.filter((e) => e.status !== 'unchanged')
  if (entries.length)
    out.push({
      title: 'Checksums',
      markdown: table(
        ['Path', 'Status', 'Recorded', 'Now'],
        (changed.length ? changed : entries).slice(0, 50).map((e) => [e.path, e.status, e.expected ? `${e.expected.sha256.slice(0, 12)}…` : '—', e.actual ? `${e.actual.sha256.slice(0, 12)}…` : '—']),
      ),
      folded: !changed.length,
    })
  if (dvc.length)
    out.push({
      title: 'dvc.lock',
      markdown: table(
        ['Stage', 'Kind', 'Path', 'Status'],
        dvc.map((d) => [d.stage, d.kind, d.path, d.status]),
      ),
      folded: dvc.every((d) => d.status === 'unchanged'),
    })
  const problems = lockfiles.flatMap((l) => l.problems.map((p) => [p.file ?? l.path, p.line ?? '', p.message]))
  if (problems.length) out.push({ title: 'Dependency pinning', markdown: table(['File', 'Line', 'Problem'], problems.slice(0, 50)) })
  if (differences.length)
    out.push({
      title: 'Differences between runs',
      markdown: table(
        ['File', 'Where', 'Run 1', 'Run 2', '|Δ|', 'relative'],
        differences.slice(0, 20).map((d) => [d.path, d.location, d.run1, d.run2, fmt(d.absDiff), fmt(d.relDiff)]),
      ),
    })
  return out
}
