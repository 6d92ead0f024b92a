/**
 * What the monitor task asks of the code host once it has decided: the core decides, the platform acts.
 * GitHub implements it with workflow_dispatch and issues, Azure with pipeline runs and work items; on the CLI
 * `Platform.monitor` is absent and the report says what the monitor would have done.
 *
 * Dedupe and cooldown are found through these calls, never through local state: the monitor asks `retrainRuns`
 * before it dispatches and `findEscalation` before it opens an escalation.
 */

/** One open drift, named by an id that stays the same across windows while the same drift stays open. */
export interface DriftEvent {
  /** e.g. `drift-20261201-3fa9c2d1`: the window it opened in and a digest of its drifted columns. */
  id: string
  /** The drifted columns (and metrics) the event is about, sorted. */
  columns: string[]
  /** When the event opened (ISO 8601, the first window's time). */
  opened: string
  /** The label of the window that is being reported now. */
  window: string
  /** The decision's reason, one sentence. */
  reason: string
}

/** A retrain run dispatched for an event, as the code host reports it. */
export interface RetrainRun {
  url: string
  status: 'queued' | 'in_progress' | 'completed'
  /** Set when status is completed: success, failure, cancelled, … */
  conclusion?: 'success' | 'failure' | string
  /** When the run was created (ISO 8601). */
  created: string
}

export interface MonitorActions {
  /** The retrain runs dispatched for this event, found via the API (GitHub: runs of the workflow whose inputs/display title carry the event id; Azure: pipeline runs with the event id in templateParameters/variables). */
  retrainRuns(eventId: string): Promise<RetrainRun[]>
  /** Starts the retrain workflow/pipeline; `inputs` always carries `mlgate-event` = event.id. */
  dispatchRetrain(event: DriftEvent, inputs: Record<string, string>): Promise<{ url: string }>
  /** The open escalation (issue / work item) of this event, found via the API by a marker in its body/title. */
  findEscalation(eventId: string): Promise<{ id: string; url: string } | undefined>
  /** Opens one escalation; the markdown carries the marker `findEscalation` looks for (see escalationMarker). */
  openEscalation(event: DriftEvent, title: string, markdown: string): Promise<{ id: string; url: string }>
  updateEscalation(id: string, markdown: string): Promise<void>
  closeEscalation(id: string, markdown: string): Promise<void>
}

/** The hidden marker an escalation's body carries so `findEscalation` finds it again (an HTML comment in markdown). */
export function escalationMarker(eventId: string): string {
  return `<!-- mlgate-event: ${eventId} -->`
}

/** The input name the dispatched retrain run receives the event id under. */
export const EVENT_INPUT = 'mlgate-event'
