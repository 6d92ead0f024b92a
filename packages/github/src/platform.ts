import * as core from '@actions/core'
import type { Annotation, Logger, Outcome, Platform, StatusCheck } from '@mlgate/core'
import { exitCodeFor } from '@mlgate/core'
import { githubApprovals } from './approval.ts'
import { githubEarlierRuns } from './artifacts.ts'
import { githubRunContext } from './context.ts'
import { githubMonitor, lazyOctokit } from './monitor.ts'
import { GithubRest } from './rest.ts'

const logger: Logger = {
  info: (m) => core.info(m),
  warn: (m) => core.warning(m),
  error: (m) => core.error(m),
  debug: (m) => core.debug(m),
  group: (title, fn) => core.group(title, fn),
}

/** The Platform as a GitHub JavaScript action sees it. */
export function githubPlatform(env: NodeJS.ProcessEnv = process.env): Platform {
  const token = core.getInput('token') || env.GITHUB_TOKEN || undefined
  if (token) core.setSecret(token)
  const context = githubRunContext(env, token)
  const rest = new GithubRest(context, logger, env.GITHUB_API_URL)
  return {
    kind: 'github',
    env,
    context,
    approvals: { github: githubApprovals },
    earlierRuns: githubEarlierRuns(context),
    monitor: githubMonitor({ ctx: context, input: (n) => core.getInput(n) || undefined, octokit: lazyOctokit(token, env.GITHUB_API_URL), serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com' }),
    log: logger,
    // a CI log: one line per phase, no live redraws
    progress: { interactive: false, draw: () => {}, clear: () => {}, line: (text) => core.info(text) },
    input: (name) => {
      const v = core.getInput(name)
      return v === '' ? undefined : v
    },
    setOutput: (name, value) => core.setOutput(name, value),
    annotate: (a: Annotation) => {
      const props = { title: a.title, file: a.file, startLine: a.line, endLine: a.endLine, startColumn: a.col }
      if (a.level === 'error') core.error(a.message, props)
      else if (a.level === 'warning') core.warning(a.message, props)
      else core.notice(a.message, props)
    },
    summary: async (markdown) => {
      if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown, true).write()
      else core.info(markdown)
    },
    publishStatus: (s: StatusCheck) => rest.publishStatus(s),
    upsertComment: (key, markdown) => rest.upsertComment(key, markdown),
    uploadArtifact: async (name, files, root) => {
      if (!env.ACTIONS_RUNTIME_TOKEN) {
        core.warning(`Artifact '${name}' was not uploaded: ACTIONS_RUNTIME_TOKEN is not set (not running on a GitHub runner).`)
        return
      }
      // loaded on demand: the artifact client is most of the bundle and most steps never upload
      const { DefaultArtifactClient } = await import('@actions/artifact')
      await new DefaultArtifactClient().uploadArtifact(name, files, root)
    },
    finish: (outcome: Outcome, message: string) => {
      if (outcome === 'fail') core.setFailed(message)
      else if (outcome === 'warn') core.warning(message)
      process.exitCode = exitCodeFor(outcome)
    },
  }
}
