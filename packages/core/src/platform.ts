import type { ApprovalHosts } from './approval/backend.ts'
import type { MonitorActions } from './monitor/actions.ts'
import type { ProgressSink } from './progress.ts'

export type Verdict = 'pass' | 'warn' | 'fail'
export type Outcome = Verdict | 'error'
export type AnnotationLevel = 'error' | 'warning' | 'notice'

export interface Annotation {
  level: AnnotationLevel
  message: string
  title?: string
  file?: string
  line?: number
  endLine?: number
  col?: number
}

export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
  debug(message: string): void
  group<T>(title: string, fn: () => Promise<T>): Promise<T>
}

export interface StatusCheck {
  /** e.g. mlgate/validate-data */
  context: string
  state: 'pending' | 'success' | 'failure' | 'error'
  description: string
  targetUrl?: string
  annotations?: Annotation[]
  summary?: string
}

export interface RunContext {
  repository?: string
  sha?: string
  ref?: string
  pullRequest?: number
  actor?: string
  /** Every name the person who started the run goes by here (login, display name, e-mail): exclude-initiator matches them. */
  initiatorNames?: string[]
  runUrl?: string
  runId?: string
  workflow?: string
  job?: string
  /** REST API of the code host (GitHub: GITHUB_API_URL). */
  apiUrl?: string
  /** GitHub: the workflow file that runs, owner/repo/.github/workflows/<file>@<ref>. */
  workflowRef?: string
  /** Azure DevOps: the collection URI and team project of the run. */
  collectionUri?: string
  project?: string
  /** Directory where mlgate tasks of one job leave evidence for each other. */
  workspace: string
  token?: string
}

/** The files an earlier run left as an artifact, by name, and the run they came from. */
export interface RunArtifact {
  runId: number
  files: Map<string, Buffer>
}

/** Earlier runs on the code host, as far as a task reads them (GitHub: their workflow artifacts). */
export interface EarlierRuns {
  /** The artifact of this name from the newest successful run on the default branch (of the same workflow, when the runner names it). */
  artifact(name: string): Promise<RunArtifact>
}

/** What a run decided, for a runner that keeps it where later stages read it (Azure: build properties a release gate reads). */
export interface VerdictRecord {
  task: string
  /** The verdict, or error when the run reached none (so that a re-run that errs replaces an earlier pass). */
  verdict: Outcome
  headline: string
  /** sha256 of the JSON report (the digest the evidence statement names); absent when the run reached no report. */
  reportSha256?: string
  /** When the run decided, ISO 8601. */
  time: string
}

/** Environment variables by name, as the runner hands them to the step. */
export type Environment = Readonly<Record<string, string | undefined>>

export interface Platform {
  readonly kind: 'github' | 'azure' | 'cli'
  /** The step's environment: the core reads variables (MLFLOW_TRACKING_URI, seed variables, …) only here. */
  readonly env: Environment
  /** Raw text of an input by its kebab-case id, or undefined when not given. */
  input(name: string): string | undefined
  setOutput(name: string, value: string): void
  readonly log: Logger
  annotate(a: Annotation): void
  summary(markdown: string): Promise<void>
  publishStatus(s: StatusCheck): Promise<void>
  upsertComment(key: string, markdown: string): Promise<void>
  uploadArtifact(name: string, files: string[], root: string): Promise<void>
  readonly context: RunContext
  /** Where progress goes (none: no progress is shown). */
  readonly progress?: ProgressSink
  /** The code hosts' approval APIs this runner reaches (require-approval's GitHub and Azure modes). */
  readonly approvals?: ApprovalHosts
  /** Earlier runs' artifacts (gate-model's artifact: baselines); absent where the runner keeps none. */
  readonly earlierRuns?: EarlierRuns
  /** The code host's retrain and escalation APIs the monitor task acts through; absent on the CLI (the report then says what it would do). */
  readonly monitor?: MonitorActions
  /** Asks the person at the terminal and returns the answer; absent where nobody can answer (CI). */
  ask?(question: string): Promise<string>
  /** Keeps the run's verdict where the runner's later stages read it; absent where nothing reads it. A failure is the adapter's warning, never the run's. */
  recordVerdict?(record: VerdictRecord): Promise<void>
  finish(outcome: Outcome, message: string): void
}

export function exitCodeFor(outcome: Outcome): number {
  if (outcome === 'fail') return 1
  if (outcome === 'error') return 2
  return 0
}
