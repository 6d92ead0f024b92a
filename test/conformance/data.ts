/** Small, deterministic scenario data: a seeded generator and CSV/JSON writers. */
import { seededRandom } from '../../packages/core/src/stats/compare/bootstrap.ts'

/** mulberry32 (the core's bootstrap generator): the same sequence for the same seed on every machine. */
export const seeded = seededRandom

/** A normal variate by Box–Muller, rounded to 4 decimals so files stay short. */
export function normal(next: () => number, mean = 0, sd = 1): number {
  const u = 1 - next()
  const v = next()
  return Number((mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)).toFixed(4))
}

export type Cell = string | number | boolean | null

export function csv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((r) => r.map((c) => (c === null ? '' : String(c))).join(',')).join('\n') + '\n'
}

export function jsonl(records: Record<string, Cell>[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n'
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n'
}

/** Rows [start, end) of a table, e.g. to cut one file into shards. */
export function slice<T>(rows: T[], parts: number): T[][] {
  const size = Math.ceil(rows.length / parts)
  return Array.from({ length: parts }, (_, i) => rows.slice(i * size, (i + 1) * size))
}
