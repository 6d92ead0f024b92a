import type { Dataset } from '../dataset/index.ts'
import { readPieceRows } from '../dataset/index.ts'
import { profileColumn } from '../drift/profile.ts'
import type { Row } from '../io/row.ts'
import { quantileEdges } from '../stats/binned.ts'
import { NumberHasher } from './hash.ts'
import type { Profile } from './model.ts'

/**
 * Files up to this size get edges from every value by default (edges: 'auto'): holding their numeric
 * columns takes about 1.35 bytes per byte of CSV (bench/drift.mjs), so at most ~90 MB; larger data is sampled.
 */
export const EXACT_EDGES_MAX_BYTES = 64 * 2 ** 20

/** Whether a dataset's edges come from every value under `edges` (see BuildOptions.edges). */
export function exactEdges(dataset: Dataset, edges: 'exact' | 'sample' | 'auto' = 'auto'): boolean {
  return edges === 'exact' || (edges === 'auto' && dataset.bytes <= EXACT_EDGES_MAX_BYTES)
}

/** Rows kept to place the edges when they come from a sample (`edges: 'sample'`). */
export const EDGE_SAMPLE_ROWS = 1 << 16

/**
 * The edges of every numeric column: the quantiles i/bins (i = 1 … bins − 1) of the column's finite
 * values, computed exactly from the whole data — which this pass holds in memory (docs/profiles.md).
 */
export async function referenceEdges(dataset: Dataset, bins: number, text: string[] = []): Promise<Map<string, Float64Array>> {
  const read = await dataset.columns({ text })
  const edges = new Map<string, Float64Array>()
  for (const c of read.table.columns) {
    if (c.type !== 'numeric') continue
    const sorted = profileColumn(c).sorted!
    if (sorted.length > 0) edges.set(c.name, quantileEdges(sorted, bins))
  }
  return edges
}

interface SampledRow {
  hash: number
  /** The row's numbers by column, NaN where a cell is not a finite number. */
  values: Map<string, number>
}

/**
 * A uniform sample of rows, the same for every run over the same files: the EDGE_SAMPLE_ROWS rows whose
 * position hashes smallest (kept by pruning to that many whenever twice as many are held: flat memory).
 */
class RowSample {
  readonly rows: SampledRow[] = []
  private limit = Infinity
  private index = 0
  names: string[] = []
  private readonly hasher = new NumberHasher()

  constructor(private readonly text: Set<string>) {}

  header(names: string[]): void {
    this.names = names
  }

  add(row: Row): void {
    const hash = this.hasher.hash(this.index++)
    if (hash >= this.limit) return
    const values = new Map<string, number>()
    for (const [j, name] of this.names.entries()) if (!this.text.has(name) && !row.isEmpty(j)) values.set(name, row.number(j))
    this.rows.push({ hash, values })
    if (this.rows.length >= 2 * EDGE_SAMPLE_ROWS) this.prune()
  }

  prune(): void {
    this.rows.sort((a, b) => a.hash - b.hash)
    this.rows.length = Math.min(this.rows.length, EDGE_SAMPLE_ROWS)
    if (this.rows.length === EDGE_SAMPLE_ROWS) this.limit = this.rows[EDGE_SAMPLE_ROWS - 1].hash
  }
}

/**
 * The edges from a sample of EDGE_SAMPLE_ROWS rows (a first streamed pass: flat memory): the sample's
 * quantiles, so each bin holds about 1/bins of the data (to sampling error), not exactly.
 */
export async function sampledEdges(dataset: Dataset, bins: number, text: string[] = []): Promise<Map<string, Float64Array>> {
  const sample = new RowSample(new Set(text))
  for (const source of dataset.sources)
    await readPieceRows({ source }, { header: (names) => sample.header(names), newColumns: (names) => sample.header([...sample.names, ...names]), row: (r) => sample.add(r) }, dataset)
  sample.prune()
  const byColumn = new Map<string, number[]>()
  for (const r of sample.rows)
    for (const [name, v] of r.values) {
      let list = byColumn.get(name)
      if (!list) byColumn.set(name, (list = []))
      list.push(v)
    }
  const edges = new Map<string, Float64Array>()
  for (const [name, values] of byColumn) {
    const finite = Float64Array.from(values.filter((v) => Number.isFinite(v))).sort()
    // a column of words with a few numbers among them is binned all the same: its numbers are compared as numbers
    if (finite.length > 0) edges.set(name, quantileEdges(finite, bins))
  }
  return edges
}

/** The edges a profile's columns are binned on. */
export function edgesOf(p: Profile): Map<string, Float64Array> {
  return new Map(p.columns.filter((c) => c.bins).map((c) => [c.name, Float64Array.from(c.bins!.edges)]))
}
