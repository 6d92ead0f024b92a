/** Small, deterministic scenario data: a seeded generator and CSV/JSON writers. */

/** mulberry32: the same sequence for the same seed on every machine. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

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
