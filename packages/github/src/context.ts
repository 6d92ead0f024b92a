import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RunContext } from '@mlgate/core'

interface EventPayload {
  pull_request?: { number: number; head?: { sha?: string } }
  number?: number
}

function readEvent(path: string | undefined): EventPayload {
  if (!path) return {}
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as EventPayload
  } catch {
    return {}
  }
}

/** The run as GitHub describes it in the runner's environment variables and event payload. */
export function githubRunContext(env: NodeJS.ProcessEnv, token: string | undefined): RunContext {
  const event = readEvent(env.GITHUB_EVENT_PATH)
  const pr = event.pull_request
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com'
  const runUrl = env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined
  return {
    repository: env.GITHUB_REPOSITORY,
    // statuses belong on the PR head, not on the merge commit GitHub checks out
    sha: pr?.head?.sha ?? env.GITHUB_SHA,
    ref: env.GITHUB_REF,
    pullRequest: pr?.number,
    actor: env.GITHUB_ACTOR,
    // a re-run is started by the triggering actor; neither may approve the run
    initiatorNames: [...new Set([env.GITHUB_ACTOR, env.GITHUB_TRIGGERING_ACTOR].filter((n): n is string => Boolean(n)))],
    runUrl,
    runId: env.GITHUB_RUN_ID,
    workflow: env.GITHUB_WORKFLOW,
    workflowRef: env.GITHUB_WORKFLOW_REF,
    apiUrl: env.GITHUB_API_URL,
    job: env.GITHUB_JOB,
    workspace: join(env.RUNNER_TEMP ?? env.GITHUB_WORKSPACE ?? process.cwd(), '.mlgate', env.GITHUB_RUN_ID ?? 'local', env.GITHUB_JOB ?? 'job'),
    token,
  }
}
