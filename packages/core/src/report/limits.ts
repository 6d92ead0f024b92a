import type { Annotation, AnnotationLevel } from '../platform.ts'

/** Byte and character limits of the places results land, with truncation that says what was left out. */
export const LIMITS = {
  /** GitHub step summary: 1 MiB per step. */
  summaryBytes: 1024 * 1024,
  /** GitHub PR/issue comment body. */
  commentChars: 65_536,
  /** Commit status description (422 above). */
  statusChars: 140,
  /** Annotations shown per level per step. */
  annotationsPerLevel: 10,
  /** Annotations per check-run request. */
  annotationsPerRequest: 50,
  /** Check-run output summary/text. */
  checkRunChars: 65_535,
} as const

/** Cuts text to at most `max` UTF-16 units, ending in a note naming what was cut. */
export function truncateChars(text: string, max: number, what = 'characters'): string {
  if (text.length <= max) return text
  const note = (n: number) => `\n\n… truncated: ${n} more ${what} left out.`
  let keep = max - note(text.length).length
  if (keep < 0) keep = 0
  // avoid cutting a surrogate pair or a markdown line in half
  const nl = text.lastIndexOf('\n', keep)
  if (nl > keep * 0.8) keep = nl
  return text.slice(0, keep) + note(text.length - keep)
}

/** Cuts markdown so that its UTF-8 encoding is at most `maxBytes`. */
export function truncateBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes <= maxBytes) return text
  const note = `\n\n… truncated: ${bytes} bytes in all; the rest (about ${bytes - maxBytes + 200} bytes) is left out — see the JSON report.`
  const budget = maxBytes - Buffer.byteLength(note, 'utf8')
  // cutting bytes may split a multi-byte character: drop the replacement character it decodes to
  let cut = Buffer.from(text, 'utf8')
    .subarray(0, budget)
    .toString('utf8')
    .replace(/\uFFFD$/, '')
  const nl = cut.lastIndexOf('\n')
  if (nl > cut.length * 0.8) cut = cut.slice(0, nl)
  return cut + note
}

/** A single-line status description of at most 140 characters. */
export function statusDescription(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim()
  if (one.length <= LIMITS.statusChars) return one
  return one.slice(0, LIMITS.statusChars - 1) + '…'
}

/**
 * Keeps the first `perLevel` annotations of each level (callers sort by usefulness first)
 * and adds a file-less note per level saying how many more there were.
 */
export function limitAnnotations(all: Annotation[], perLevel: number = LIMITS.annotationsPerLevel): Annotation[] {
  const kept: Annotation[] = []
  const dropped: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 }
  const count: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 }
  for (const a of all) {
    // leave one slot per level for the "more" note
    if (count[a.level] < perLevel - 1 || (count[a.level] === perLevel - 1 && countLevel(all, a.level) === perLevel)) {
      kept.push(a)
      count[a.level]++
    } else dropped[a.level]++
  }
  for (const level of ['error', 'warning', 'notice'] as const) {
    if (dropped[level] > 0)
      kept.push({
        level,
        title: 'More findings',
        message: `${dropped[level]} more ${level === 'error' ? 'errors' : level === 'warning' ? 'warnings' : 'notices'} not shown here; see the job summary or the JSON report.`,
      })
  }
  return kept
}

function countLevel(all: Annotation[], level: AnnotationLevel): number {
  let n = 0
  for (const a of all) if (a.level === level) n++
  return n
}

/** Splits a list into chunks of at most `size` (check-run annotations: 50 per request). */
export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
