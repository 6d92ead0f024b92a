import type { DataSource } from '../sources.ts'

/** Below this many bytes starting worker threads costs more than it saves. */
export const PARALLEL_MIN_BYTES = 8 << 20

/** True when the sources are uncompressed CSV/TSV files large enough to read on worker threads. */
export function readsInParallel(sources: DataSource[]): boolean {
  return sources.every((s) => (s.format === 'csv' || s.format === 'tsv') && !s.gzip) && sources.reduce((a, s) => a + s.bytes, 0) >= PARALLEL_MIN_BYTES
}
