import type { ExpectStatic } from 'vitest'
import type { Outcome, Verdict } from '../../packages/core/src/platform.ts'

export type { Outcome }
export type TaskId = 'validate-data' | 'detect-drift' | 'gate-model' | 'check-reproducibility' | 'require-approval'

/** Files of a scenario's workspace: relative path → content. */
export type Files = Record<string, string | Uint8Array>

/** What one run must show on every platform. */
export type Expectation =
  | {
      verdict: Verdict
      /** Outputs (kebab-case names) that must have these values; the others must only agree across platforms. */
      outputs?: Record<string, string>
      /** Text the report's headline must contain. */
      headline?: RegExp
      /** Further checks of the (normalized) JSON report and the workspace after the run, with the test's expect. */
      check?: (report: Record<string, unknown>, ws: string, expect: ExpectStatic) => void
    }
  | {
      verdict: 'error'
      /** The one sentence the run must end with (workspace paths shown as <workspace>). */
      message: RegExp
    }

export interface Step {
  /** Inputs by their kebab-case names; paths are relative to the workspace. */
  inputs: Record<string, string>
  expect: Expectation
  /** Changes the workspace before this step runs (e.g. edits a tracked file). */
  before?: (ws: string) => void
}

export interface Scenario {
  task: TaskId
  name: string
  files: Files
  /** Runs in one workspace, in order; each is compared across platforms. Usually one. */
  steps: Step[]
  /** Where the JSON report is asked for (relative to the workspace). */
  report?: string
}

/** A scenario of a single run. */
export function scenario(task: TaskId, name: string, files: Files, inputs: Record<string, string>, expect: Expectation, report?: string): Scenario {
  return { task, name, files, steps: [{ inputs, expect }], report }
}
