import { sha256Text } from '../fs.ts'
import type { DriftEvent } from './actions.ts'
import type { Decision, EventRecord, WindowRecord } from './record.ts'

/**
 * The event id: stable for as long as the same drift stays open, so that the code host finds its retrain runs and its
 * escalation again. Derived from the window the event opened in and the columns (and metrics) it opened with.
 */
export function eventId(firstSeq: number, window: string, columns: string[]): string {
  const digest = sha256Text(`${firstSeq}\n${window}\n${[...columns].sort().join('\n')}`).slice(0, 10)
  return `drift-${firstSeq}-${digest}`
}

/** The event still open after the previous window: it opened with a decision other than keep and has not closed since. */
export function openEvent(history: WindowRecord[]): EventRecord | null {
  const last = history.at(-1)
  return last && last.decision !== 'keep' && last.event ? last.event : null
}

/** This window's event: the open one carried on, a new one when the window acts on nothing open, none on keep. */
export function windowEvent(decision: Decision, open: EventRecord | null, w: { seq: number; window: string; at: string; columns: string[] }): EventRecord | null {
  if (decision === 'keep') return null
  if (open) return open
  const columns = [...new Set(w.columns)].sort()
  return { id: eventId(w.seq, w.window, columns), columns, opened: w.at, firstSeq: w.seq }
}

export function driftEvent(e: EventRecord, window: string, reason: string): DriftEvent {
  return { id: e.id, columns: e.columns, opened: e.opened, window, reason }
}
