// Paired comparisons of a candidate and a baseline model on the same evaluation rows.
export { pairedBootstrap, percentileInterval, ResampleCounter, seededRandom } from './bootstrap.ts'
export type { BootstrapResult } from './bootstrap.ts'
export { mcnemar } from './mcnemar.ts'
export { delong } from './delong.ts'
