/**
 * The core as a process sees it before the rest of the core loads (the CLI's early bundle,
 * `@mlgate/core/early-threads`): the size from which the column readers run on threads, and a way
 * to start those threads booting.
 */
export { PARALLEL_MIN_BYTES } from './fast/eligible.ts'
export { startEarlyThreads } from '../worker/threads.ts'
