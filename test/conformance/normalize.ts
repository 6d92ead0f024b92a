import { realpathSync } from 'node:fs'
import type { Observed } from './platforms.ts'

/** What is compared across platforms after normalization. */
export interface Comparable {
  outputs: Record<string, string>
  report: unknown
  errors: string[]
  headline: string | undefined
}

const TIME = '<time>'
const RUN_CONTEXT = '<run context>'

/**
 * The one place that says which fields legitimately differ between platforms (and between runs):
 * - the workspace directory, a fresh temporary directory per run: shown as `<workspace>` wherever
 *   it appears (messages, paths);
 * - `timings` of every report and `runs[].durationMs` of check-reproducibility: wall-clock figures;
 *   `runs[].variation.path` of check-reproducibility: the fresh temporary copy a re-run ran in;
 * - require-approval's `decision.run` (the run URL, repository and sha that each runner reports of
 *   itself; the run's initiator is the same on every platform) and its clock readings `requestedAt`, `finishedAt`,
 *   `decidedAt`, `approvals[].at` / `denials[].at`, with the `approved-at` output: a decision file
 *   without a time is timed when it is read.
 * Everything else — verdict, headline, checks, inputs and their digests, policy, body — must match.
 */
export function normalizeObserved(o: Observed, ws: string): Comparable {
  const paths = [...new Set([realpathSync(ws), ws])]
  const text = (s: string) => paths.reduce((acc, p) => acc.split(p).join('<workspace>'), s)
  const report = o.report ? (rewriteStrings(structuredClone(o.report), text) as Record<string, unknown>) : undefined
  if (report) {
    report.timings = TIME
    if (Array.isArray(report.runs))
      for (const r of report.runs as { durationMs: unknown; variation: Record<string, unknown> }[]) {
        r.durationMs = TIME
        if ('path' in r.variation) r.variation.path = '<temp>'
      }
    const decision = report.decision as Record<string, unknown> | undefined
    if (decision && report.task === 'require-approval') normalizeDecision(decision)
  }
  const outputs = Object.fromEntries(Object.entries(o.outputs).map(([k, v]) => [k, k === 'approved-at' && v !== '' ? TIME : text(v)]))
  return { outputs, report, errors: o.errors.map(text), headline: typeof report?.headline === 'string' ? report.headline : undefined }
}

function normalizeDecision(d: Record<string, unknown>): void {
  d.run = RUN_CONTEXT
  for (const k of ['requestedAt', 'finishedAt', 'decidedAt']) if (d[k] !== null) d[k] = TIME
  for (const k of ['approvals', 'denials']) for (const v of (d[k] as Record<string, unknown>[] | undefined) ?? []) v.at = TIME
}

function rewriteStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value)
  if (Array.isArray(value)) return value.map((v) => rewriteStrings(v, f))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteStrings(v, f)]))
  return value
}
