/**
 * The reading policy of every dataset, written once: how many distinct text values a reading thread
 * encodes before it only counts a column, and from how many values a numeric column pair is sorted
 * and measured on the worker threads instead of this one.
 */

/** Distinct values per worker thread past which a text column is only counted (unless a task names it). */
export const TEXT_LIMIT = 65_536

/** Values of a numeric column pair (both sides) from which it is sorted and measured on a worker thread. */
export const WORKER_SORT_MIN_VALUES = 200_000
