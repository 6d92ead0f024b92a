/** How a run can stop without its task having settled. */
export type RunStop =
  | { kind: 'signal'; signal: string }
  /** The event loop ran out of work while the task was still waiting for something. */
  | { kind: 'drained' }
  | { kind: 'crash'; origin: 'exception' | 'rejection'; error: unknown }
  /** Something ended the process directly (process.exit) before the task settled. */
  | { kind: 'exited'; code: number }

/**
 * What the runner needs from the process it runs in, so that every run ends in a recorded outcome.
 * The Node implementation is in ./node.ts, the only module of the core that touches `process`.
 */
export interface RunHost {
  readonly cwd: string
  /** Starts watching for the ways a run can stop without settling; returns a function that stops watching. */
  watch(onStop: (stop: RunStop) => void): () => void
  /** Ends the process with this exit code once `afterMs` have passed (0: now). */
  exit(code: number, afterMs: number): void
}

/** A host that watches nothing: for runs inside a test runner or another program that owns the process. */
export function embeddedHost(cwd: string): RunHost {
  return { cwd, watch: () => () => {}, exit: () => {} }
}
