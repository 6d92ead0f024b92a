import { join } from 'node:path'
import * as tl from 'azure-pipelines-task-lib/task'
import type { RunContext } from '@mlgate/core'

/** The run as Azure Pipelines describes it in its predefined variables. */
export function azureRunContext(token: string | undefined): RunContext {
  const v = (name: string) => tl.getVariable(name) || undefined
  const collection = v('System.CollectionUri')
  const project = v('System.TeamProject')
  const buildId = v('Build.BuildId')
  const pr = Number(v('System.PullRequest.PullRequestId'))
  return {
    repository: v('Build.Repository.ID'),
    sha: v('System.PullRequest.SourceCommitId') ?? v('Build.SourceVersion'),
    ref: v('Build.SourceBranch'),
    pullRequest: Number.isInteger(pr) && pr > 0 ? pr : undefined,
    actor: v('Build.RequestedForEmail') ?? v('Build.RequestedFor'),
    initiatorNames: [v('Build.RequestedFor'), v('Build.RequestedForEmail')].filter((n): n is string => Boolean(n)),
    runUrl: collection && project && buildId ? `${collection}${encodeURIComponent(project)}/_build/results?buildId=${buildId}` : undefined,
    runId: buildId,
    workflow: v('Build.DefinitionName'),
    collectionUri: collection,
    project,
    job: v('System.JobName') ?? v('Agent.JobName'),
    workspace: join(v('Agent.TempDirectory') ?? v('System.DefaultWorkingDirectory') ?? process.cwd(), '.mlgate', buildId ?? 'local', v('System.JobId') ?? 'job'),
    token,
  }
}

export function collectionUri(): string | undefined {
  return tl.getVariable('System.CollectionUri') || undefined
}

export function projectName(): string | undefined {
  return tl.getVariable('System.TeamProject') || undefined
}
