import { resolve } from 'node:path'
import { ConfigurationError, wrapError } from './errors.ts'
import { sha256Text, writeFileAtomic } from './fs.ts'
import type { RunHost, RunStop } from './host/host.ts'
import { embeddedHost } from './host/host.ts'
import { TaskInputs } from './inputs.ts'
import type { Outcome, Platform, VerdictRecord } from './platform.ts'
import { limitAnnotations } from './report/limits.ts'
import { renderJson } from './report/json.ts'
import { renderMarkdown } from './report/markdown.ts'
import type { TaskDefinition, TaskResult } from './task.ts'
import { publishResult, recordEvidence } from './publish.ts'
import { Progress, SILENT_PROGRESS } from './progress.ts'

const BUG_HINT = 'This is a bug in mlgate, not in your pipeline: please report it with the lines above.'
/** How long aborted work may take to clean up (child processes, temporary copies) after a signal. */
const SIGNAL_GRACE_MS = 2_000

/** Raised inside a run that was already given up on, so that nothing after it is delivered. */
class Abandoned extends Error {}

/**
 * Runs one task on one platform: inputs → run → report file, outputs, annotations, summary,
 * statuses/comments/evidence → exit outcome. Never throws, and never lets the process end without
 * an outcome: a run that stops before it decides (signal, crash, a drained event loop) is an error.
 */
export async function runTask(task: TaskDefinition, platform: Platform, where: RunHost | string = '.'): Promise<Outcome> {
  const host = typeof where === 'string' ? embeddedHost(where) : where
  return new TaskRun(task, platform, host).execute()
}

class TaskRun {
  private outcome: Outcome | undefined
  private readonly controller = new AbortController()
  private readonly progress: Progress

  constructor(
    private readonly task: TaskDefinition,
    private readonly platform: Platform,
    private readonly host: RunHost,
  ) {
    this.progress = new Progress(platform.progress ?? SILENT_PROGRESS)
  }

  private set phase(name: string) {
    this.progress.phase(name, {}, true)
  }

  async execute(): Promise<Outcome> {
    const unwatch = this.host.watch((stop) => this.stopped(stop))
    try {
      const inputs = new TaskInputs(this.task, (name) => this.platform.input(name))
      const started = Date.now()
      this.phase = 'working out its verdict'
      const result = await this.task.run({ inputs, log: this.platform.log, platform: this.platform, cwd: this.host.cwd, signal: this.controller.signal, progress: this.progress })
      this.live()
      this.progress.finishLine()
      result.report.timings.durationMs = Date.now() - started
      await this.deliver(result, inputs)
      return this.settle(result.report.verdict, result.report.headline)
    } catch (e) {
      if (this.outcome) return this.outcome
      // a run that reached no verdict replaces an earlier attempt's recorded one: no stale pass is left for a gate
      if (!(e instanceof Abandoned)) await this.record({ task: this.task.id, verdict: 'error', headline: wrapError(e).message })
      return this.outcome ?? this.failed(e)
    } finally {
      unwatch()
    }
  }

  /** Report file and evidence first (a failure there is the run's), then what people read, then the API calls. */
  private async deliver(result: TaskResult, inputs: TaskInputs): Promise<void> {
    const { report } = result
    const reportPath = inputs.optional('report')
    if (reportPath) {
      this.phase = `writing the report '${reportPath}'`
      await writeFileAtomic(resolve(this.host.cwd, reportPath), renderJson(report), { role: 'report', shownAs: reportPath, signal: this.controller.signal })
      result.outputs['report-path'] = reportPath
      this.live()
    }
    this.phase = 'writing the evidence statement'
    await recordEvidence(report, inputs, this.platform, this.host.cwd, this.controller.signal)
    this.live()
    result.outputs.verdict = report.verdict
    for (const name of Object.keys(this.task.outputs)) this.platform.setOutput(name, result.outputs[name] ?? '')
    for (const a of limitAnnotations(report.annotations)) this.platform.annotate(a)
    this.phase = 'writing the summary'
    await this.platform.summary(renderMarkdown(report))
    this.live()
    this.phase = 'publishing statuses and comments'
    try {
      await publishResult(report, inputs, this.platform, this.host.cwd, this.controller.signal)
    } catch (e) {
      if (e instanceof Abandoned) throw e
      this.platform.log.warn(`mlgate could not publish statuses, comments or the evidence artifact: ${(e as Error).message}`)
    }
    this.live()
    await this.record({ task: report.task, verdict: report.verdict, headline: report.headline, reportSha256: sha256Text(renderJson(report)) })
    this.live()
  }

  /** The verdict where the runner keeps it for later stages (Azure: build properties); trouble there is a warning. */
  private async record(r: Omit<VerdictRecord, 'time'>): Promise<void> {
    if (!this.platform.recordVerdict) return
    this.phase = 'recording the verdict'
    try {
      await this.platform.recordVerdict({ ...r, time: new Date().toISOString() })
    } catch (e) {
      this.platform.log.warn(`mlgate could not record the verdict: ${(e as Error).message}`)
    }
  }

  /** Throws once the run has been given up on: nothing more may be written or reported. */
  private live(): void {
    if (this.outcome) throw new Abandoned('abandoned')
  }

  private settle(outcome: Outcome, message: string): Outcome {
    if (this.outcome) return this.outcome
    this.outcome = outcome
    this.platform.finish(outcome, message)
    return outcome
  }

  private failed(e: unknown): Outcome {
    this.progress.finishLine()
    if (e instanceof ConfigurationError) {
      this.platform.log.error(e.message)
      return this.settle('error', e.message)
    }
    const err = wrapError(e)
    this.platform.log.error(`${err.message}\n${err.stack ?? ''}\n${BUG_HINT}`)
    return this.settle('error', err.message)
  }

  /** The process is about to end, or was told to, before the task settled. */
  private stopped(stop: RunStop): void {
    if (this.outcome) return
    this.progress.finishLine()
    const message = stopMessage(this.task.id, stop, this.progress.current)
    // aborting also removes the temporary files of writes under way
    this.controller.abort(new ConfigurationError(message))
    this.platform.log.error(stop.kind === 'crash' ? `${message}\n${wrapError(stop.error).stack ?? ''}\n${BUG_HINT}` : message)
    this.settle('error', message)
    if (stop.kind === 'signal') this.host.exit(2, SIGNAL_GRACE_MS)
    else if (stop.kind === 'crash') this.host.exit(2, 0)
  }
}

/** One sentence on why a run ended without a verdict, and what it was doing. */
function stopMessage(task: string, stop: RunStop, phase: string): string {
  const head = `mlgate ${task} did not reach a verdict`
  switch (stop.kind) {
    case 'signal':
      return `${head}: it was stopped by ${stop.signal} while ${phase}; treat this run as failed.`
    case 'drained':
      return `${head}: its work stopped unfinished while ${phase} (a worker thread or a pending read ended without answering); treat this run as failed.`
    case 'crash':
      return `${head}: an unexpected ${stop.origin === 'rejection' ? 'promise rejection' : 'exception'} while ${phase}: ${wrapError(stop.error).message}.`
    case 'exited':
      return `${head}: the process was ended (exit code ${stop.code}) while ${phase}; treat this run as failed.`
  }
}
