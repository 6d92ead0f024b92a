import type { ColumnKind } from './methods.ts'
import type { ColumnSummary } from '../table/summary.ts'
import { presentCells } from '../table/summary.ts'
import { asNumbers, distinctOverBoth, mostlyUnique, numberShare } from './profile.ts'

/**
 * Whether a pair is compared as numbers: both sides read as numbers, or one side, or a reference
 * whose cells are at least half numbers (the other cells are then counted as not numbers). Numbers
 * written with a leading zero ("01001") are codes: such a column is compared as text, as written.
 */
export function comparedAsNumbers(ref: ColumnSummary, cur: ColumnSummary): boolean {
  const [r, c] = [numberShare(ref), numberShare(cur)]
  if (r.leadingZero || c.leadingZero) return false
  if (ref.source === 'number' || cur.source === 'number') return true
  return ref.source === 'string' && r.share >= 0.5
}

/** Evidently's column typing: floats numeric, integers with ≤10 values categorical, strings text when mostly unique. */
export function columnKind(ref: ColumnSummary, cur: ColumnSummary): ColumnKind {
  if (comparedAsNumbers(ref, cur)) {
    const [a, b] = [asNumbers(ref), asNumbers(cur)]
    return a.integer && b.integer && distinctOverBoth(a, b, 10) <= 10 ? 'categorical' : 'numeric'
  }
  if (ref.source === 'boolean' || cur.source === 'boolean') return 'categorical'
  return mostlyUnique(ref) ? 'text' : 'categorical'
}

/** Why a text column the user named cannot be compared, or undefined when its values repeat enough to compare as categories. */
export function incomparableText(ref: ColumnSummary, cur: ColumnSummary): string | undefined {
  const side = mostlyUnique(ref) ? ref : mostlyUnique(cur) ? cur : undefined
  if (!side) return undefined
  const distinct = Math.max(side.counts?.size ?? 0, side.distinctAtLeast ?? 0)
  const role = side === ref ? 'reference' : 'current'
  return `a text column whose values rarely repeat (${distinct} distinct of ${presentCells(side)} ${role} values): a test over its values as categories would only say they differ, so it cannot be compared`
}
