import type { MonitorActions } from './actions.ts'
import { EVENT_INPUT, escalationMarker } from './actions.ts'
import type { Dispatch } from './decide.ts'
import { driftEvent } from './event.ts'
import type { ActionRecord, Decision, EventRecord } from './record.ts'

export interface Plan {
  decision: Decision
  reason: string
  window: string
  event: EventRecord | null
  /** The event that was open before this window (closed when this window keeps). */
  closing: EventRecord | null
  dispatch?: Dispatch
  /** What the retrain run is named by (input retrain-workflow / retrain-pipeline), or undefined when none is. */
  target?: string
  retrainInputs: Record<string, string>
  /** The escalation's body: the report's markdown. */
  markdown: string
}

/** What the monitor will do, in words, before it does it (and all it does without Platform.monitor). */
export function planned(p: Plan, acting: boolean): ActionRecord[] {
  const prefix = acting ? '' : 'would '
  const out: ActionRecord[] = []
  if (p.decision === 'retrain' && p.event) {
    if (!p.target) out.push({ kind: 'none', text: 'retrain decided, but no retrain-workflow or retrain-pipeline input names what to run' })
    else if (!acting) out.push({ kind: 'dry-run', text: `would dispatch ${p.target} with ${EVENT_INPUT}=${p.event.id} (no code host to act through: nothing was done)` })
    else if (p.dispatch?.kind === 'dispatch') out.push({ kind: 'dispatch', text: `dispatch ${p.target} with ${EVENT_INPUT}=${p.event.id}` })
    else if (p.dispatch)
      out.push({
        kind: 'skip-dispatch',
        text: `no dispatch: the run ${p.dispatch.run.url} is ${p.dispatch.kind === 'cooldown' ? `within the cooldown until ${p.dispatch.until}` : p.dispatch.run.status.replace('_', ' ')}`,
        url: p.dispatch.run.url,
      })
  }
  if (p.decision === 'escalate' && p.event) out.push({ kind: acting ? 'open-escalation' : 'dry-run', text: `${prefix}open or update the escalation of ${p.event.id}` })
  if (p.decision === 'keep' && p.closing) out.push({ kind: acting ? 'close-escalation' : 'dry-run', text: `${prefix}close the escalation of ${p.closing.id}, if one is open: the drift is gone` })
  return out
}

/** Carries the plan out through the code host; returns what was done and the URL of the run it dispatched. Throws on a failed call. */
export async function carryOut(p: Plan, m: MonitorActions): Promise<{ done: ActionRecord[]; runUrl?: string }> {
  const done: ActionRecord[] = []
  let runUrl: string | undefined
  if (p.decision === 'retrain' && p.event && p.target && p.dispatch?.kind === 'dispatch') {
    const { url } = await m.dispatchRetrain(driftEvent(p.event, p.window, p.reason), { ...p.retrainInputs, [EVENT_INPUT]: p.event.id })
    runUrl = url
    done.push({ kind: 'dispatch', text: `dispatched ${p.target} for ${p.event.id}`, url })
  }
  if (p.decision === 'escalate' && p.event) {
    const body = `${escalationMarker(p.event.id)}\n${p.markdown}`
    const found = await m.findEscalation(p.event.id)
    if (found) {
      await m.updateEscalation(found.id, body)
      done.push({ kind: 'update-escalation', text: `updated the escalation of ${p.event.id}`, url: found.url })
    } else {
      const opened = await m.openEscalation(driftEvent(p.event, p.window, p.reason), `mlgate monitor: ${p.reason.split(/[;:]/)[0]} (${p.event.id})`, body)
      done.push({ kind: 'open-escalation', text: `opened an escalation for ${p.event.id}`, url: opened.url })
    }
  }
  if (p.decision === 'keep' && p.closing) {
    const found = await m.findEscalation(p.closing.id)
    if (found) {
      await m.closeEscalation(found.id, `${escalationMarker(p.closing.id)}\nThe drift is gone in window ${p.window}.\n\n${p.markdown}`)
      done.push({ kind: 'close-escalation', text: `closed the escalation of ${p.closing.id}`, url: found.url })
    }
  }
  return { done, runUrl }
}
