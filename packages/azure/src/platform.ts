import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative } from 'node:path'
import { tmpdir } from 'node:os'
import * as tl from 'azure-pipelines-task-lib/task'
import type { Annotation, Logger, Outcome, Platform } from '@mlgate/core'
import { camelCase, exitCodeFor } from '@mlgate/core'
import { azureApprovals } from './approval.ts'
import { azureEarlierRuns } from './artifacts.ts'
import { azureRunContext, collectionUri, projectName } from './context.ts'
import { azureMonitor } from './monitor.ts'
import { AzureRest } from './rest.ts'
import { BuildRecorder } from './verdict.ts'

const logger: Logger = {
  info: (m) => console.log(m),
  warn: (m) => tl.warning(m),
  error: (m) => tl.error(m),
  debug: (m) => tl.debug(m),
  group: async (title, fn) => {
    console.log(`##[group]${title}`)
    try {
      return await fn()
    } finally {
      console.log('##[endgroup]')
    }
  },
}

function accessToken(): string | undefined {
  return tl.getInput('token', false) || tl.getVariable('System.AccessToken') || tl.getEndpointAuthorizationParameter('SystemVssConnection', 'AccessToken', true) || undefined
}

const RESULT: Record<Outcome, tl.TaskResult> = {
  pass: tl.TaskResult.Succeeded,
  warn: tl.TaskResult.SucceededWithIssues,
  fail: tl.TaskResult.Failed,
  error: tl.TaskResult.Failed,
}

/** The first retry's delay, doubling after; MLGATE_RETRY_BASE_MS shortens it (tests). */
const retryBaseDelayMs = () => Number(process.env.MLGATE_RETRY_BASE_MS ?? 500)

/** The job's build as the Build REST API names it; none outside a build (a local run, a classic release's agent job). */
function jobBuild(token: string | undefined) {
  const [collection, project] = [collectionUri(), projectName()]
  if (!collection || !project || tl.getVariable('Release.ReleaseId')) return undefined
  return { collection, project, buildId: tl.getVariable('Build.BuildId'), token, retryBaseDelayMs: retryBaseDelayMs() }
}

/** The verdict recorder of the job's build. */
function buildRecorder(token: string | undefined): BuildRecorder | undefined {
  const build = jobBuild(token)
  if (!build?.buildId) return undefined
  return new BuildRecorder({ ...build, buildId: build.buildId }, logger, (tag) => tl.addBuildTag(tag))
}

/** Earlier builds of the job's pipeline definition. */
function earlierRuns(token: string | undefined) {
  const build = jobBuild(token)
  const definitionId = tl.getVariable('System.DefinitionId')
  if (!build || !definitionId) return undefined
  return azureEarlierRuns({ ...build, definitionId })
}

/**
 * Uploads the files as one container artifact with their paths under root kept ('windows/000001.json'): a copy of them
 * in the agent's temp directory, uploaded as one folder (a file uploaded alone lands at the top of the artifact).
 */
function uploadArtifact(name: string, files: string[], root: string): void {
  const stage = mkdtempSync(join(tl.getVariable('Agent.TempDirectory') || tmpdir(), 'mlgate-artifact-'))
  for (const f of files) {
    const inside = relative(root, f)
    const target = join(stage, inside.startsWith('..') || isAbsolute(inside) ? basename(f) : inside)
    mkdirSync(dirname(target), { recursive: true })
    copyFileSync(f, target)
  }
  tl.uploadArtifact(name, stage, name)
}

/** The Platform as an Azure Pipelines task sees it. Inputs come through task-lib, which owns INPUT_* variables. */
export function azurePlatform(): Platform {
  const token = accessToken()
  if (token) tl.setSecret(token)
  const context = azureRunContext(token)
  const rest = new AzureRest(context, logger, collectionUri(), projectName())
  const recorder = buildRecorder(token)
  return {
    kind: 'azure',
    // task-lib has already taken INPUT_*, SECRET_* and ENDPOINT_* out of the environment
    env: process.env,
    context,
    approvals: { azure: azureApprovals },
    monitor: azureMonitor({ ctx: context, input: (n) => tl.getInput(camelCase(n), false) || undefined, retryBaseDelayMs: retryBaseDelayMs() }),
    log: logger,
    // a CI log: one line per phase, no live redraws
    progress: { interactive: false, draw: () => {}, clear: () => {}, line: (text) => console.log(text) },
    input: (name) => tl.getInput(camelCase(name), false) || undefined,
    setOutput: (name, value) => tl.setVariable(camelCase(name), value, false, true),
    annotate: (a: Annotation) => {
      const type = a.level === 'error' ? tl.IssueType.Error : tl.IssueType.Warning
      const text = a.title ? `${a.title}: ${a.message}` : a.message
      tl.logIssue(type, text, a.file, a.line, a.col)
    },
    summary: async (markdown) => {
      const dir = tl.getVariable('Agent.TempDirectory') || mkdtempSync(join(tmpdir(), 'mlgate-'))
      const file = join(dir, `mlgate-summary-${process.pid}-${Date.now()}.md`)
      writeFileSync(file, markdown)
      tl.uploadSummary(file)
    },
    publishStatus: (s) => rest.publishStatus(s),
    upsertComment: (key, markdown) => rest.upsertComment(key, markdown),
    uploadArtifact: async (name, files, root) => uploadArtifact(name, files, root),
    earlierRuns: earlierRuns(token),
    recordVerdict: recorder && ((r) => recorder.record(r)),
    finish: (outcome, message) => {
      // an error was already logged as an issue by the runner: complete without repeating it
      if (outcome === 'error') tl.command('task.complete', { result: 'Failed' }, message)
      else tl.setResult(RESULT[outcome], message || outcome)
      process.exitCode = exitCodeFor(outcome)
    },
  }
}
