// The threads that build profiles (job kind 'profile-chunk'): a pool of their own, whose threads run with a
// small young generation and end when no profile is being built. A profile part allocates tens of MB a
// second of short-lived cells and keeps ~12 MB (accumulators, bins); with V8's default limits each thread's
// young generation grows to ~100 MB of garbage, which was most of profile mode's peak memory
// (bench/README.md, "Profiles beside exact mode").
import { Worker } from 'node:worker_threads'
import { WorkerPool } from '../pool.ts'
import { takeEarlyThread, threadCount, workerFile } from '../threads.ts'

/**
 * Young generation of a profile thread, MB (semi-spaces of a third each): garbage is collected every few
 * MB allocated, at a cost of a few % of the time, instead of letting it pile up to ~100 MB a thread.
 */
const PROFILE_YOUNG_MB = 6

/**
 * A profile thread; one started early (for exact mode, with V8's default limits) ends in its place, since
 * it would sit idle beside it (~20 MB each).
 */
function profileThread(): Worker {
  void takeEarlyThread()?.terminate()
  return new Worker(workerFile(), { resourceLimits: { maxYoungGenerationSizeMb: PROFILE_YOUNG_MB } })
}

let pool: WorkerPool | undefined
let users = 0

/**
 * Runs `f` with the pool of profile threads (one per core, at most four, each holding one part at a
 * time); the threads end when the last of the builds using them is done, so that what follows the build
 * (the files' digests, the comparison) does not carry their memory.
 */
export async function withProfilePool<T>(f: (pool: WorkerPool) => Promise<T>): Promise<T> {
  pool ??= new WorkerPool(threadCount(), 1, profileThread)
  const mine = pool
  users++
  try {
    return await f(mine)
  } finally {
    if (--users === 0) {
      pool = undefined
      await mine.terminate()
    }
  }
}
