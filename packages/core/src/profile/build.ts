import type { Dataset } from '../dataset/index.ts'
import { pieceLabel, readPieceRows, shardPieces } from '../dataset/index.ts'
import type { ShardPiece } from '../dataset/index.ts'
import { sha256File, sha256Text } from '../fs.ts'
import { absolutePath } from '../io/sources.ts'
import { DEFAULT_CAP } from './categories.ts'
import { Accumulators } from './accumulators.ts'
import { onThreads, THREAD_PART_BYTES } from './threaded.ts'
import { edgesOf, exactEdges, referenceEdges, sampledEdges } from './edges.ts'
import { edgesFingerprint } from './io.ts'
import { KeyHashes } from './keys.ts'
import type { BuildOptions, Profile, ProfileSource } from './model.ts'
import { PROFILE_VERSION } from './model.ts'

/**
 * Bins per numeric column when the edges come from the data (the reference): 1 000, at the reference's
 * quantiles i/1000. Each bin then holds 0.1 % of the reference, which bounds the width of the KS
 * interval (docs/profiles.md), and the deciles (i/10) are among the edges, so the decile histogram and
 * the binned distances on it are exact.
 */
export const DEFAULT_BINS = 1000

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
  const cap = o.cap ?? DEFAULT_CAP
  // the files' digests first: their read's buffers are collected with the build's garbage, not added at its end
  const sources = await digestsOf(pieces, dataset.cwd, dataset.role)
  const threaded = keys ? undefined : await onThreads(pieces, { partBytes: o.partBytes ?? THREAD_PART_BYTES, edges, cap, text: o.text ?? [], cwd: dataset.cwd, delimiter: dataset.delimiter })
  const acc = new Accumulators(edges, cap, new Set(o.text ?? []), keys)
  if (!threaded) for (const piece of pieces) await readPieceRows(piece, acc.handler(), { cwd: dataset.cwd, delimiter: dataset.delimiter })
  const columns = threaded?.columns ?? acc.results()
  const rows = threaded?.rows ?? acc.rows
  keys?.checkFields([...acc.columns.keys()])
  const labels = pieces.map(pieceLabel)
  const id = o.shard ? `${o.shard.index}/${o.shard.count}` : sha256Text(labels.join('\n')).slice(0, 16)
  const profile: Profile = {
    kind: 'mlgate.profile',
    version: PROFILE_VERSION,
    columns,
    edgesFingerprint: edgesFingerprint(columns),
    sources,
    shards: [{ id, rows, sources: labels }],
  }
  if (o.shard) profile.expectedShards = o.shard.count
  if (keys) profile.keys = keys.result()
  return profile
}
