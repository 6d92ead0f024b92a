import { ConfigurationError, wrapError } from './errors.ts'
import { writeFileAtomic } from './fs.ts'
import { TaskInputs } from './inputs.ts'
import type { Outcome, Platform } from './platform.ts'
import { limitAnnotations } from './report/limits.ts'
import { renderJson } from './report/json.ts'
import { renderMarkdown } from './report/markdown.ts'
import type { Report } from './report/model.ts'
import type { TaskDefinition, TaskResult } from './task.ts'
import { publishResult } from './publish.ts'

const BUG_HINT = 'This is a bug in mlgate, not in your pipeline: please report it with the lines above.'

/**
 * Runs one task on one platform: inputs → run → report file, outputs, annotations, summary,
 * statuses/comments/evidence → exit outcome. Never throws.
 */
export async function runTask(task: TaskDefinition, platform: Platform, cwd = process.cwd()): Promise<Outcome> {
  const controller = new AbortController()
  const onSignal = () => controller.abort(new ConfigurationError('The run was cancelled.'))
  process.once('SIGTERM', onSignal)
  process.once('SIGINT', onSignal)
  try {
    const inputs = new TaskInputs(task, (name) => platform.input(name))
    const started = Date.now()
    const result = await task.run({ inputs, log: platform.log, platform, cwd, signal: controller.signal })
    result.report.timings.durationMs = Date.now() - started
    await deliver(task, result, inputs, platform)
    platform.finish(result.report.verdict, result.report.headline)
    return result.report.verdict
  } catch (e) {
    return fail(e, platform)
  } finally {
    process.off('SIGTERM', onSignal)
    process.off('SIGINT', onSignal)
  }
}

async function deliver(task: TaskDefinition, result: TaskResult, inputs: TaskInputs, platform: Platform): Promise<void> {
  const { report } = result
  const reportPath = inputs.optional('report')
  if (reportPath) {
    await writeFileAtomic(reportPath, renderJson(report))
    result.outputs['report-path'] = reportPath
  }
  result.outputs.verdict = report.verdict
  for (const name of Object.keys(task.outputs)) platform.setOutput(name, result.outputs[name] ?? '')
  for (const a of limitAnnotations(report.annotations)) platform.annotate(a)
  await platform.summary(renderMarkdown(report))
  try {
    await publishResult(report, inputs, platform)
  } catch (e) {
    platform.log.warn(`mlgate could not publish statuses, comments or evidence: ${(e as Error).message}`)
  }
}

function fail(e: unknown, platform: Platform): Outcome {
  if (e instanceof ConfigurationError) {
    platform.log.error(e.message)
    platform.finish('error', e.message)
    return 'error'
  }
  const err = wrapError(e)
  platform.log.error(`${err.message}\n${err.stack ?? ''}\n${BUG_HINT}`)
  platform.finish('error', err.message)
  return 'error'
}

export function summarizeOutcome(report: Report): string {
  return `${report.title}: ${report.verdict} — ${report.headline}`
}
