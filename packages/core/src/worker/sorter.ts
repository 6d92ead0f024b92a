// This thread's sorter of finite doubles (the main thread's or a worker's): its WebAssembly memory is
// kept for the next sort, so only the first sort of a size pays for fresh pages.
import { RADIX_SORT_BASE64 } from '../stats/radix-sort.wasm.ts'
import { makeSorter } from '../stats/sort.ts'
import type { Sorter } from '../stats/sort.ts'

let sorter: Sorter | undefined

/** Sorts finite doubles in place on this thread (see stats/sort.ts). */
export function sortFloat64(values: Float64Array): Float64Array {
  sorter ??= makeSorter(Buffer.from(RADIX_SORT_BASE64, 'base64'))
  return sorter(values)
}
