import type { Signal } from './decide.ts'

/** A place where a human answers: an issue, a pull request conversation, reviews or votes, a terminal. */
export interface ApprovalBackend {
  readonly host: 'github' | 'azure' | 'cli'
  /** Posts the request; returns its URL. */
  open(title: string, body: string): Promise<string>
  /** Signals seen so far (comments, reviews or votes). */
  poll(): Promise<Signal[]>
  /** Says how it ended and closes the request where that means something. */
  close(message: string, outcome: string): Promise<void>
}

/** The repository on GitHub where the request lives, and how to reach its API. */
export interface GithubTarget {
  api: string
  token: string
  repository: string
  /** The first retry of a failed request waits this long (then doubling). */
  retryBaseDelayMs?: number
  signal?: AbortSignal
}

/** The pull request on Azure Repos where the request lives, and how to reach its API. */
export interface AzureTarget {
  collection: string
  project: string
  repository: string
  pullRequest: number
  token: string
  /** The first retry of a failed request waits this long (then doubling). */
  retryBaseDelayMs?: number
  signal?: AbortSignal
}

/** What require-approval asks of GitHub; the GitHub adapter implements it over the REST API. */
export interface GithubApprovals {
  /** Members of `org/team` entries; plain logins pass through. Lower-cased. */
  expandApprovers(t: GithubTarget, approvers: string[]): Promise<Set<string>>
  /** The conversation of an issue created for the request (mode issue) or of the pull request (mode pr-comment). */
  conversation(t: GithubTarget, mode: 'issue' | 'pr-comment', assignees: string[], pullRequest?: number): ApprovalBackend
  /** pr-review: the latest review of each reviewer, approving only on the head commit. */
  headApprovals(t: GithubTarget, pr: number, headSha: string): Promise<Signal[]>
  /** The mlgate/approval commit status. */
  postStatus(t: GithubTarget, sha: string, state: 'pending' | 'success' | 'failure', description: string, targetUrl?: string): Promise<void>
}

/** What require-approval asks of Azure Repos; the Azure adapter implements it over the REST API. */
export interface AzureApprovals {
  /** pr-comment: the request is a PR thread; answers are comments in PR threads. */
  conversation(t: AzureTarget): ApprovalBackend
  /** pr-vote: reviewers' votes as signals, and who created the pull request. */
  votes(t: AzureTarget): Promise<{ signals: Signal[]; author: string }>
  /** The mlgate/approval pull request status. */
  postStatus(t: AzureTarget, state: 'pending' | 'succeeded' | 'failed', description: string, targetUrl?: string): Promise<void>
}

/** The code hosts whose approval APIs this runner can reach. */
export interface ApprovalHosts {
  github?: GithubApprovals
  azure?: AzureApprovals
}
