import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/**
 * A check to call between units of work (e.g. Parquet column chunks) that runs a full garbage
 * collection when the process's resident memory is above `mb`. V8 lets decoder garbage, detached
 * ArrayBuffers above all, pile up to ~60 MB and its young generation grow to ~100 MB before it
 * collects; decoding 1M Parquet rows then peaked at 205-290 MB on Node 24 where the live data is
 * a few MB. A collection costs ~10 ms and only runs above the ceiling.
 */
export function memoryCeiling(mb: number): () => void {
  const collect = garbageCollector()
  const limit = mb * 1024 * 1024
  return () => {
    if (collect && process.memoryUsage.rss() > limit) collect()
  }
}

/** V8's full collector, which is not exposed by default: asked for in a fresh context (about a millisecond; null if refused). */
function garbageCollector(): (() => void) | null {
  setFlagsFromString('--expose-gc')
  const gc: unknown = runInNewContext('typeof gc === "function" ? gc : null')
  return typeof gc === 'function' ? (gc as () => void) : null
}
