import type { Dataset } from '../dataset/index.ts'
import { pieceLabel, readPieceRows, shardPieces } from '../dataset/index.ts'
import type { ShardPiece } from '../dataset/index.ts'
import { sha256File, sha256Text } from '../fs.ts'
import type { RowHandler } from '../io/records.ts'
import { absolutePath } from '../io/sources.ts'
import type { Row } from '../io/row.ts'
import { DEFAULT_CAP } from './categories.ts'
import { ColumnAccumulator } from './column.ts'
import { edgesOf, exactEdges, referenceEdges, sampledEdges } from './edges.ts'
import { edgesFingerprint } from './io.ts'
import { KeyHashes } from './keys.ts'
import type { BuildOptions, Profile, ProfileSource } from './model.ts'
import { PROFILE_VERSION } from './model.ts'

/**
 * Bins per numeric column when the edges come from the data (the reference): 1 000, at the reference's
 * quantiles i/1000. Each bin then holds 0.1 % of the reference, which bounds the width of the KS
 * interval (docs/profiles.md), and the deciles exact mode bins on (i/10) are among the edges, so the
 * binned distances (PSI, Jensen-Shannon, KL, Hellinger) of a profile equal exact mode's.
 */
export const DEFAULT_BINS = 1000

/** A row handler that feeds each column's accumulator by name, whatever order or subset of columns each file has. */
class Accumulators {
  readonly columns = new Map<string, ColumnAccumulator>()
  rows = 0
  private slots: [ColumnAccumulator, number][] = []
  /** Cells in the current file's header (keyed records append to it). */
  private width = 0

  constructor(
    private readonly edges: Map<string, Float64Array>,
    private readonly cap: number,
    private readonly text: Set<string>,
    private readonly keys: KeyHashes | undefined,
  ) {}

  private column(name: string): ColumnAccumulator {
    let c = this.columns.get(name)
    if (!c) {
      c = new ColumnAccumulator(name, this.edges.get(name), this.cap, this.text.has(name))
      c.absent(this.rows)
      this.columns.set(name, c)
    }
    return c
  }

  handler(): RowHandler {
    return {
      header: (names) => {
        const at = new Map(names.map((n, i) => [n, i]))
        for (const n of names) this.column(n)
        this.slots = [...this.columns.values()].map((c) => [c, at.get(c.name) ?? -1])
        this.width = names.length
        this.keys?.header(names)
      },
      newColumns: (names) => {
        for (const [i, n] of names.entries()) {
          const c = this.column(n)
          const slot = this.slots.find(([s]) => s === c)
          if (slot) slot[1] = this.width + i
          else this.slots.push([c, this.width + i])
        }
        this.width += names.length
        this.keys?.header(
          this.slots
            .filter(([, j]) => j >= 0)
            .sort((a, b) => a[1] - b[1])
            .map(([c]) => c.name),
        )
      },
      row: (row: Row) => {
        this.rows++
        for (const [c, j] of this.slots) c.add(row, j)
        this.keys?.add(row)
      },
    }
  }
}

async function digestsOf(pieces: ShardPiece[], cwd: string, role: string): Promise<ProfileSource[]> {
  const out: ProfileSource[] = []
  for (const path of [...new Set(pieces.map((p) => p.source.path))]) {
    const d = await sha256File(absolutePath(path, cwd), `${role} file`)
    out.push({ path, sha256: d.sha256, bytes: d.bytes })
  }
  return out
}

/**
 * The profile of a dataset, or of one shard of it, streamed row by row: memory stays flat (moments,
 * bins and at most twice `cap` values per column), whatever the size. Without `edgesFrom` the edges
 * are the data's own quantiles: exact from a first pass that holds the numeric columns (small data), or
 * from a first streamed pass over a sample of rows (large data, or `edges: 'sample'`: flat memory).
 */
export async function buildProfile(dataset: Dataset, o: BuildOptions = {}): Promise<Profile> {
  const bins = o.bins ?? DEFAULT_BINS
  const edges = o.edgesFrom ? edgesOf(o.edgesFrom) : exactEdges(dataset, o.edges) ? await referenceEdges(dataset, bins, o.text) : await sampledEdges(dataset, bins, o.text)
  const pieces = o.shard ? await shardPieces(dataset.sources, o.shard, dataset.cwd) : dataset.sources.map((source) => ({ source }))
  const keys = o.keys?.length ? new KeyHashes(o.keys) : undefined
  const acc = new Accumulators(edges, o.cap ?? DEFAULT_CAP, new Set(o.text ?? []), keys)
  for (const piece of pieces) await readPieceRows(piece, acc.handler(), { cwd: dataset.cwd, delimiter: dataset.delimiter })
  const columns = [...acc.columns.values()].map((c) => {
    c.absent(acc.rows - c.rows)
    return c.result()
  })
  keys?.checkFields([...acc.columns.keys()])
  const labels = pieces.map(pieceLabel)
  const id = o.shard ? `${o.shard.index}/${o.shard.count}` : sha256Text(labels.join('\n')).slice(0, 16)
  const profile: Profile = {
    kind: 'mlgate.profile',
    version: PROFILE_VERSION,
    columns,
    edgesFingerprint: edgesFingerprint(columns),
    sources: await digestsOf(pieces, dataset.cwd, dataset.role),
    shards: [{ id, rows: acc.rows, sources: labels }],
  }
  if (o.shard) profile.expectedShards = o.shard.count
  if (keys) profile.keys = keys.result()
  return profile
}
