import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { ConfigurationError } from '../errors.ts'

export interface Difference {
  path: string
  location: string
  run1: string
  run2: string
  absDiff: number | null
  relDiff: number | null
}

export interface Tolerance {
  atol: number
  rtol: number
}

const MAX_DIFFS = 20

function close(a: number, b: number, t: Tolerance): boolean {
  // numpy.isclose: |a − b| ≤ atol + rtol·|b|
  return a === b || (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= t.atol + t.rtol * Math.abs(b)
}

function numeric(a: string, b: string, t: Tolerance): boolean | undefined {
  const x = Number(a)
  const y = Number(b)
  if (a.trim() === '' || b.trim() === '' || Number.isNaN(x) || Number.isNaN(y)) return undefined
  return close(x, y, t)
}

function diff(path: string, location: string, a: unknown, b: unknown): Difference {
  const x = typeof a === 'number' ? a : Number(a)
  const y = typeof b === 'number' ? b : Number(b)
  const both = Number.isFinite(x) && Number.isFinite(y) && a !== '' && b !== ''
  return {
    path,
    location,
    run1: String(a ?? '(absent)').slice(0, 80),
    run2: String(b ?? '(absent)').slice(0, 80),
    absDiff: both ? Math.abs(x - y) : null,
    relDiff: both && y !== 0 ? Math.abs(x - y) / Math.abs(y) : null,
  }
}

function compareValues(path: string, where: string, a: unknown, b: unknown, t: Tolerance, out: Difference[]): void {
  if (out.length >= MAX_DIFFS) return
  if (typeof a === 'number' && typeof b === 'number') {
    if (!close(a, b, t)) out.push(diff(path, where || '(value)', a, b))
    return
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push({ path, location: `${where || '(array)'} length`, run1: String(a.length), run2: String(b.length), absDiff: null, relDiff: null })
    for (let i = 0; i < Math.min(a.length, b.length); i++) compareValues(path, `${where}[${i}]`, a[i], b[i], t, out)
    return
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) compareValues(path, where ? `${where}.${k}` : k, (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], t, out)
    return
  }
  if (a !== b) out.push(diff(path, where || '(value)', a, b))
}

function compareCsv(path: string, a: string, b: string, t: Tolerance, out: Difference[]): void {
  const ra = a
    .trimEnd()
    .split(/\r?\n/)
    .map((l) => l.split(','))
  const rb = b
    .trimEnd()
    .split(/\r?\n/)
    .map((l) => l.split(','))
  const header = ra[0] ?? []
  if (ra.length !== rb.length) out.push({ path, location: 'row count', run1: String(ra.length - 1), run2: String(rb.length - 1), absDiff: null, relDiff: null })
  for (let i = 0; i < Math.min(ra.length, rb.length) && out.length < MAX_DIFFS; i++)
    for (let j = 0; j < Math.max(ra[i].length, rb[i].length) && out.length < MAX_DIFFS; j++) {
      const x = ra[i][j] ?? ''
      const y = rb[i][j] ?? ''
      if (x === y) continue
      if (numeric(x, y, t) === true) continue
      out.push(diff(path, `row ${i}, column ${header[j] ?? j + 1}`, x, y))
    }
}

/** Each output must be a file every run wrote: one that is missing is a wrong 'outputs' entry or a broken command, not irreproducibility. */
export async function requireOutputs(outputs: string[], runs: { run: number; dir: string }[], command: string): Promise<void> {
  for (const out of outputs)
    for (const r of runs) {
      const s = await stat(join(r.dir, out)).catch(() => undefined)
      if (!s?.isFile())
        throw new ConfigurationError(
          `Input 'outputs': run ${r.run} of '${command}' ${s ? 'left a directory, not a file, at' : 'did not write'} '${out}'; list the files the command writes, relative to the workspace.`,
        )
    }
}

/** Compares one output file of two runs: bytes first, then values with the tolerance for JSON, YAML and CSV. */
export async function compareOutput(path: string, dirA: string, dirB: string, t: Tolerance): Promise<{ identical: boolean; differences: Difference[]; sha256: [string | null, string | null] }> {
  const [a, b] = await Promise.all([readFile(join(dirA, path)).catch(() => null), readFile(join(dirB, path)).catch(() => null)])
  const sha = (x: Buffer | null) => (x ? createHash('sha256').update(x).digest('hex') : null)
  const digests: [string | null, string | null] = [sha(a), sha(b)]
  if (!a || !b)
    return { identical: false, differences: [{ path, location: '(file)', run1: a ? 'written' : 'not written', run2: b ? 'written' : 'not written', absDiff: null, relDiff: null }], sha256: digests }
  if (digests[0] === digests[1]) return { identical: true, differences: [], sha256: digests }
  const out: Difference[] = []
  const lower = path.toLowerCase()
  try {
    if (lower.endsWith('.json')) compareValues(path, '', JSON.parse(a.toString('utf8')), JSON.parse(b.toString('utf8')), t, out)
    else if (/\.ya?ml$/.test(lower)) compareValues(path, '', parseYaml(a.toString('utf8')), parseYaml(b.toString('utf8')), t, out)
    else if (/\.(csv|tsv)$/.test(lower)) compareCsv(path, a.toString('utf8'), b.toString('utf8'), t, out)
    else out.push({ path, location: '(bytes)', run1: `sha256 ${digests[0]!.slice(0, 16)}…`, run2: `sha256 ${digests[1]!.slice(0, 16)}…`, absDiff: null, relDiff: null })
  } catch {
    out.push({ path, location: '(bytes; not parseable)', run1: `sha256 ${digests[0]!.slice(0, 16)}…`, run2: `sha256 ${digests[1]!.slice(0, 16)}…`, absDiff: null, relDiff: null })
  }
  return { identical: out.length === 0, differences: out, sha256: digests }
}
