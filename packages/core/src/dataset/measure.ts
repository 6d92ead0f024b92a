import { columnKind } from '../drift/detect.ts'
import type { ColumnKind } from '../drift/methods.ts'
import { profilePairWith } from '../drift/profile.ts'
import { sortedPairOnWorker, wassersteinOnWorker } from '../io/fast/read-columns.ts'
import type { ColumnSummary } from '../table/summary.ts'
import type { Column } from '../table/types.ts'
import { WORKER_SORT_MIN_VALUES } from './policy.ts'

/**
 * Both sides' profiles of a column pair. A large numeric pair is sorted on a worker thread, several
 * pairs at once (their values move there: nothing reads them afterwards), which also measures their
 * moments and, for pairs surely compared as numbers, the Wasserstein distance (the statistic or the
 * effect size); whole-number pairs are typed first (≤ 10 values: categories), and a pair typed
 * numeric only then gets its distance here. `kind`: the type an input gives the column.
 */
export async function measurePair(reference: Column, current: Column, kind: ColumnKind | undefined): Promise<[ColumnSummary, ColumnSummary]> {
  const [a, b] = await profilePairWith(reference, current, sortedPairOnWorker, kind === 'numeric', WORKER_SORT_MIN_VALUES)
  if (a.sorted && b.sorted && a.wasserstein === undefined && a.sorted.length + b.sorted.length >= WORKER_SORT_MIN_VALUES && (kind ?? columnKind(a, b)) === 'numeric') {
    const measured = await wassersteinOnWorker(a.sorted, b.sorted)
    ;[a.sorted, b.sorted] = measured.sorted
    a.wasserstein = b.wasserstein = measured.wasserstein
  }
  return [a, b]
}
