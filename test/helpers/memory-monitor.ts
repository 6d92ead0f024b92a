import type { DriftEvent, MonitorActions, RetrainRun } from '../../packages/core/src/index.ts'
import { escalationMarker } from '../../packages/core/src/index.ts'

/** One call the monitor made, in order, as a fake code host would record it. */
export type MonitorCall =
  | { op: 'retrainRuns'; eventId: string }
  | { op: 'dispatchRetrain'; eventId: string; inputs: Record<string, string> }
  | { op: 'findEscalation'; eventId: string }
  | { op: 'openEscalation'; eventId: string; title: string }
  | { op: 'updateEscalation'; id: string }
  | { op: 'closeEscalation'; id: string }

export interface MemoryEscalation {
  id: string
  url: string
  eventId: string
  title: string
  bodies: string[]
  open: boolean
}

/** MonitorActions kept in memory: runs and escalations a test can inspect and steer (finish a run, fail a call). */
export interface MemoryMonitor extends MonitorActions {
  calls: MonitorCall[]
  runs: Map<string, RetrainRun[]>
  escalations: MemoryEscalation[]
  /** Sets every run of the event to completed with this conclusion. */
  complete(eventId: string, conclusion: string): void
  /** The next call of this operation throws (a failed API call). */
  failNext(op: MonitorCall['op']): void
}

export function memoryMonitor(now: () => string = () => new Date().toISOString()): MemoryMonitor {
  const failing = new Set<string>()
  const guard = (op: MonitorCall['op']) => {
    if (failing.delete(op)) throw new Error(`${op} failed: HTTP 502 from the fake API`)
  }
  const escalation = (id: string) => {
    const e = m.escalations.find((x) => x.id === id)
    if (!e) throw new Error(`no escalation ${id}`)
    return e
  }
  const m: MemoryMonitor = {
    calls: [],
    runs: new Map(),
    escalations: [],
    complete(eventId, conclusion) {
      for (const r of m.runs.get(eventId) ?? []) Object.assign(r, { status: 'completed', conclusion })
    },
    failNext(op) {
      failing.add(op)
    },
    async retrainRuns(eventId) {
      m.calls.push({ op: 'retrainRuns', eventId })
      guard('retrainRuns')
      return (m.runs.get(eventId) ?? []).map((r) => ({ ...r }))
    },
    async dispatchRetrain(event: DriftEvent, inputs) {
      m.calls.push({ op: 'dispatchRetrain', eventId: event.id, inputs })
      guard('dispatchRetrain')
      const list = m.runs.get(event.id) ?? []
      const url = `https://ci.example/runs/${event.id}/${list.length + 1}`
      list.push({ url, status: 'queued', created: now() })
      m.runs.set(event.id, list)
      return { url }
    },
    async findEscalation(eventId) {
      m.calls.push({ op: 'findEscalation', eventId })
      guard('findEscalation')
      const e = m.escalations.find((x) => x.open && x.bodies.some((b) => b.includes(escalationMarker(eventId))))
      return e && { id: e.id, url: e.url }
    },
    async openEscalation(event, title, markdown) {
      m.calls.push({ op: 'openEscalation', eventId: event.id, title })
      guard('openEscalation')
      const id = String(m.escalations.length + 1)
      const e = { id, url: `https://ci.example/issues/${id}`, eventId: event.id, title, bodies: [markdown], open: true }
      m.escalations.push(e)
      return { id, url: e.url }
    },
    async updateEscalation(id, markdown) {
      m.calls.push({ op: 'updateEscalation', id })
      guard('updateEscalation')
      escalation(id).bodies.push(markdown)
    },
    async closeEscalation(id, markdown) {
      m.calls.push({ op: 'closeEscalation', id })
      guard('closeEscalation')
      const e = escalation(id)
      e.bodies.push(markdown)
      e.open = false
    },
  }
  return m
}
