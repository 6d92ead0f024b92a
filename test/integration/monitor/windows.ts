import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** The seven nightly windows of the acceptance sequence, and what the default policy decides on each. */
export const SEQUENCE = [
  { kind: 'stable', expect: 'keep' },
  { kind: 'stable', expect: 'keep' },
  { kind: 'drift', expect: 'retrain' },
  { kind: 'drift', expect: 'retrain' },
  { kind: 'schema', expect: 'escalate' },
  { kind: 'stable', expect: 'keep' },
  { kind: 'stable', expect: 'keep' },
] as const

export type WindowKind = (typeof SEQUENCE)[number]['kind']

/** A seeded generator (LCG) with normal draws, so that every run writes the same files. */
function generator(seed: number) {
  let s = seed >>> 0
  const uniform = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform())
  return { uniform, normal }
}

const SEGMENTS = ['retail', 'business', 'premium']

/**
 * One window as CSV: age ~ N(40, 10), income ~ N(52 000, 9 000), segment 60/30/10 — the reference's distribution.
 * drift: age moves by +9 years and income by +9 000 (as a new customer group would); schema: a column 'channel'
 * appears that the reference never had.
 */
export function windowCsv(kind: WindowKind | 'reference', seed: number, rows: number): string {
  const g = generator(seed)
  const shift = kind === 'drift' ? 1 : 0
  const header = ['customer_id', 'age', 'income', 'segment', ...(kind === 'schema' ? ['channel'] : [])]
  const lines = [header.join(',')]
  for (let i = 0; i < rows; i++) {
    const age = Math.round(40 + 9 * shift + 10 * g.normal())
    const income = Math.round(52_000 + 9_000 * shift + 9_000 * g.normal())
    const u = g.uniform()
    const segment = SEGMENTS[u < 0.6 ? 0 : u < 0.9 ? 1 : 2]
    const row = [String(seed * 100_000 + i), String(age), String(income), segment, ...(kind === 'schema' ? [g.uniform() < 0.5 ? 'web' : 'store'] : [])]
    lines.push(row.join(','))
  }
  return lines.join('\n') + '\n'
}

/** The reference and the seven windows under dir; window n is nightly at 02:00 from 2026-12-01. */
export function writeSequence(dir: string): { reference: string; windows: { path: string; label: string; at: string; expect: string }[] } {
  mkdirSync(dir, { recursive: true })
  const reference = join(dir, 'reference.csv')
  writeFileSync(reference, windowCsv('reference', 1, 1500))
  const windows = SEQUENCE.map((w, i) => {
    const day = String(i + 1).padStart(2, '0')
    const path = join(dir, `window-${i + 1}.csv`)
    writeFileSync(path, windowCsv(w.kind, 100 + i, 600))
    return { path, label: `2026-12-${day}`, at: `2026-12-${day}T02:00:00Z`, expect: w.expect }
  })
  return { reference, windows }
}
