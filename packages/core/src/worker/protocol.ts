// The messages between the pool (worker/pool.ts) and its threads (worker/main.ts): one request and
// one reply per job kind, told apart by `kind`; a reply carries the `id` of its request.
import type { ChunkColumns, ColumnReadPlan } from './jobs/read-columns.ts'
import type { ScanChunkReply, ScanChunkRequest } from '../validate/fast/scan-job.ts'
import type { ProfileChunkReply, ProfileChunkRequest } from '../profile/chunk-job.ts'

type Moments = { mean: number; std: number }

/** One job kind: what is asked and what comes back (besides `kind` and `id`). */
interface JobKinds {
  /** One byte-range chunk of a CSV/TSV file read into typed columns (see jobs/read-columns.ts). */
  'read-chunk': {
    request: { job: number; plan: ColumnReadPlan; chunk: number; from: number; to: number; first: boolean; size: number; estimate: number; dataCap: number }
    reply: { columns: ChunkColumns } | { dirty: string }
  }
  /** One byte-range chunk of a CSV/TSV file checked against a validation plan, its columns tallied (see validate/fast/scan-job.ts). */
  'scan-chunk': { request: ScanChunkRequest; reply: ScanChunkReply }
  /** Both sides of a numeric column: finite values sorted, moments, ±Infinity counts, the distance when asked. */
  'sort-pair': {
    request: { pair: [Float64Array, Float64Array]; dense: [boolean, boolean]; wasserstein: boolean }
    reply: { pair: [Float64Array, Float64Array]; moments: [Moments, Moments]; infinite: [number, number]; wasserstein?: number }
  }
  /** Two sorted columns: their Wasserstein-1 distance. */
  distance: {
    request: { pair: [Float64Array, Float64Array] }
    reply: { pair: [Float64Array, Float64Array]; wasserstein: number }
  }
  /** One part of a dataset (a byte range of a CSV file at record starts) profiled (see profile/chunk-job.ts). */
  'profile-chunk': { request: ProfileChunkRequest; reply: ProfileChunkReply }
  /** A file's digest; a file that changes while it is read has none (`code: 'ECHANGED'`). */
  hash: {
    request: { path: string; algorithm: 'sha256' | 'md5' }
    reply: { digest: string; size: number } | { error: string; code?: string }
  }
}

export type JobKind = keyof JobKinds

/** A job sent to a thread. `spare`: buffers the pool hands back for the thread to fill again (any job may carry them). */
export type Request<K extends JobKind = JobKind> = { [P in K]: { kind: P; id: number; spare?: ArrayBuffer[] } & JobKinds[P]['request'] }[K]

/** A job that threw on its thread, or whose thread was lost (`lost`: it failed or exited), or that was dropped from the queue. */
export interface Failed {
  kind: JobKind
  id: number
  failed: string
  lost?: boolean
}

/** What a thread answers to a job of kind K, or why there is no answer. */
export type Reply<K extends JobKind = JobKind> = { [P in K]: { kind: P; id: number } & JobKinds[P]['reply'] }[K] | Failed

/** Messages that are no job (no reply): a read job's file is closed on every thread. */
export type Notice = { kind: 'close'; job: number }

/** Everything a thread receives. */
export type Inbound = Request | Notice

export function isFailed<T extends { id: number }>(r: T): r is Extract<T, Failed> {
  return 'failed' in r
}
