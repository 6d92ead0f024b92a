import type { Annotation, Verdict } from '../platform.ts'

export type CheckStatus = Verdict | 'skip'

/** One judged statement in a report: "column 'age' has no drift", "f1 ≥ 0.9". */
export interface Check {
  id: string
  title: string
  status: CheckStatus
  message: string
}

export interface FileDigest {
  path: string
  bytes: number
  sha256: string
}

/** A block of task-specific markdown placed after the checks table. */
export interface Section {
  title: string
  markdown: string
  /** Folded in PR comments and summaries when true. */
  folded?: boolean
}

export interface Report {
  task: string
  title: string
  verdict: Verdict
  /** One line that says what was decided and why. */
  headline: string
  checks: Check[]
  inputs: FileDigest[]
  timings: { startedAt: string; durationMs: number }
  tool: { name: 'mlgate'; version: string }
  /** Policy that was applied (thresholds, rules) — recorded in evidence. */
  policy: Record<string, unknown>
  annotations: Annotation[]
  sections: Section[]
  /** Task-specific fields, spread at the top level of the JSON report. */
  body: Record<string, unknown>
}

export const TOOL_VERSION = '0.1.0'

export function newReport(task: string, title: string): Report {
  return {
    task,
    title,
    verdict: 'pass',
    headline: '',
    checks: [],
    inputs: [],
    timings: { startedAt: new Date().toISOString(), durationMs: 0 },
    tool: { name: 'mlgate', version: TOOL_VERSION },
    policy: {},
    annotations: [],
    sections: [],
    body: {},
  }
}

const RANK: Record<CheckStatus, number> = { skip: 0, pass: 1, warn: 2, fail: 3 }

/** The worst status among checks (skip counts as pass). */
export function worstVerdict(statuses: Iterable<CheckStatus>): Verdict {
  let worst: CheckStatus = 'pass'
  for (const s of statuses) if (RANK[s] > RANK[worst]) worst = s
  return worst === 'skip' ? 'pass' : worst
}

export const VERDICT_ICON: Record<CheckStatus, string> = { pass: '✅', warn: '⚠️', fail: '❌', skip: '⏭️' }
