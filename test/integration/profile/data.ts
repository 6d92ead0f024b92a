// Seeded small datasets for the profile tests: numbers with decimals and integers, a category, missing cells, a unique id.
import { writeFileSync } from 'node:fs'
import { seededRandom } from '../../../packages/core/src/stats/compare/bootstrap.ts'
import { runCli } from '../harness/cli.ts'

/** mulberry32 (the core's seeded generator): the same rows on every machine. */
export const rng = seededRandom

export const HEADER = 'id,amount,score,age,segment,flag'
const SEGMENTS = ['retail', 'sme', 'corporate', 'private', 'public']

/** Data rows (no header); `shift` moves amount and the segment mix. */
export function rows(n: number, seed: number, shift = 0, firstId = 1): string[] {
  const r = rng(seed)
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const amount = (Math.exp(3 + r() * 2 + shift) * (1 + r())).toFixed(2)
    const score = r() < 0.05 ? '' : String(r() * (1 + shift) - 0.5)
    const age = r() < 0.03 ? '' : String(18 + Math.floor(r() * 60))
    const segment = SEGMENTS[Math.min(4, Math.floor(r() ** (1 + shift) * 5))]
    out.push(`${firstId + i},${amount},${score},${age},${segment},${r() < 0.1 + shift / 10 ? 1 : 0}`)
  }
  return out
}

export function writeCsv(path: string, lines: string[]): string {
  writeFileSync(path, `${HEADER}\n${lines.join('\n')}\n`)
  return path
}

/** Fisher–Yates with a seeded generator. */
export function shuffled<T>(items: T[], seed: number): T[] {
  const r = rng(seed)
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

/** n contiguous parts of nearly equal size. */
export function split<T>(items: T[], n: number): T[][] {
  return Array.from({ length: n }, (_, k) => items.slice(Math.floor((k * items.length) / n), Math.floor(((k + 1) * items.length) / n)))
}

/** The CLI bin as a child process, failing the test on an unexpected exit code. */
export async function cli(args: string[], cwd: string, expectCode = 0) {
  const r = await runCli(args, { cwd })
  if (r.exitCode !== expectCode) throw new Error(`mlgate ${args.join(' ')} exited ${r.exitCode}, expected ${expectCode}:\n${r.stderr}\n${r.stdout.slice(-2000)}`)
  return r
}
