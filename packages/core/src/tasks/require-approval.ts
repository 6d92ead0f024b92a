import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigurationError } from '../errors.ts'
import { writeFileAtomic } from '../fs.ts'
import { absolutePath } from '../io/sources.ts'
import { table } from '../report/markdown.ts'
import { newReport } from '../report/model.ts'
import type { Verdict } from '../platform.ts'
import { defineTask } from '../task.ts'
import type { TaskContext } from '../task.ts'
import type { ApprovalBackend, AzureApprovals, AzureTarget, GithubApprovals, GithubTarget } from '../approval/backend.ts'
import { decideInCli } from '../approval/cli.ts'
import type { Policy, Signal, Vote } from '../approval/decide.ts'
import { Tally } from '../approval/decide.ts'
import { retryBaseDelayMs, sleep } from '../approval/http.ts'
import type { SubjectDigest } from '../approval/subject.ts'
import { fingerprint, requireSubjects, subjectDigests } from '../approval/subject.ts'
import { EVENT_ID_INPUT, runEvent, withRunEvent } from '../evidence/event.ts'

const MODES = ['auto', 'issue', 'pr-comment', 'pr-review', 'pr-vote', 'cli'] as const
type Mode = Exclude<(typeof MODES)[number], 'auto'>
/** pending: a non-blocking mode waits for a later review; not-approved: a cli decision that does not count. */
type Status = 'approved' | 'denied' | 'timed-out' | 'pending' | 'not-approved'
const FAIL_ON = ['fail', 'never'] as const

export const requireApproval = defineTask({
  id: 'require-approval',
  title: 'mlgate: require approval',
  description: 'A human sign-off gate bound to artifact digests, with an audit record: GitHub issue, PR comment or review; Azure DevOps PR votes; or a decision file.',
  guid: '8c2f6a19-4e7b-4d3c-a5e1-9b0d2f4c6e05',
  icon: 'user-check',
  color: 'yellow',
  inputs: {
    approvers: { type: 'string', default: '', description: 'Who may decide: GitHub users and org/team; Azure unique names and [Project]\\Group. Empty: anyone who can comment or review.' },
    'minimum-approvals': { type: 'integer', default: '1', description: 'Distinct approvers needed.' },
    mode: {
      type: 'choice',
      choices: MODES,
      default: 'auto',
      description: 'issue | pr-comment | pr-review (GitHub, non-blocking) | pr-vote (Azure) | cli (terminal or decision file). auto: issue on GitHub, pr-vote on Azure, cli elsewhere.',
    },
    'timeout-minutes': { type: 'number', default: '60', description: 'How long to wait for a decision.' },
    'poll-interval-seconds': { type: 'number', default: '10', description: 'How often to look for answers.', group: 'advanced' },
    'exclude-initiator': { type: 'boolean', default: 'true', description: 'The person who started the run may not approve it.' },
    'approve-words': { type: 'string', default: 'approve,approved,lgtm,yes', description: 'Words on the first line of a comment that approve.', group: 'advanced' },
    'deny-words': { type: 'string', default: 'deny,denied,reject,no', description: 'Words on the first line of a comment that deny.', group: 'advanced' },
    subject: { type: 'string', default: '', description: 'Files whose sha256 the approval is bound to; default: the subjects of earlier mlgate steps in this job.' },
    title: { type: 'string', default: 'Approval needed: promote the model', description: 'Title of the request.' },
    instructions: { type: 'multiline', default: '', description: 'Extra instructions for approvers.' },
    'decision-file': { type: 'path', default: '', description: 'cli mode: read the decision from this JSON file {"decision": "approve"|"deny", "by": "...", "comment": "..."}.' },
    'decision-path': { type: 'path', default: '.mlgate/approval/decision.json', description: 'Where the decision record is written.', group: 'output' },
    'fail-on-deny': { type: 'boolean', default: 'true', description: 'Fail the step when denied.' },
    'fail-on-timeout': { type: 'boolean', default: 'true', description: 'Fail the step when nobody decided in time (otherwise the verdict is warn).' },
    'fail-on': {
      type: 'choice',
      choices: FAIL_ON,
      default: 'fail',
      description: 'fail: the step fails unless approved (fail-on-deny and fail-on-timeout can make a denial or a timeout a warning); never: report only, a denial or a missing approval is a warning.',
      group: 'advanced',
    },
    'event-id': EVENT_ID_INPUT,
  },
  outputs: {
    'approval-status': { description: 'approved, denied, timed-out, pending (pr-review, pr-vote: waiting for reviews) or not-approved (cli: the decision given does not count).' },
    approvers: { description: 'Comma-separated logins that approved.' },
    'approved-at': { description: 'ISO time of the deciding approval.' },
    'decision-path': { description: 'Path of the JSON decision record.' },
    'request-url': { description: 'Link to the request (issue, comment or pull request).' },
  },
  run: (ctx) => withRunEvent(ctx, () => runRequireApproval(ctx)),
})

function resolveMode(ctx: TaskContext): Mode {
  const m = ctx.inputs.choice('mode', MODES)
  if (m !== 'auto') return m
  // the code host whose approval API this runner reaches decides; none: a person at this terminal
  const hosts = ctx.platform.approvals
  if (hosts?.github) return ctx.platform.context.pullRequest ? 'pr-comment' : 'issue'
  if (hosts?.azure) return 'pr-vote'
  return 'cli'
}

async function earlierReports(ctx: TaskContext): Promise<string> {
  const dir = join(ctx.platform.context.workspace, 'reports')
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort()
  const rows: string[][] = []
  for (const n of names) {
    const r = await readFile(join(dir, n), 'utf8').then(
      (t) => JSON.parse(t) as { task?: string; title: string; verdict: string; headline: string },
      () => undefined,
    )
    if (!r) ctx.log.warn(`The run report '${join(dir, n)}' cannot be read; the request does not list it.`)
    else if (r.task !== 'require-approval') rows.push([r.title, r.verdict, r.headline])
  }
  return rows.length ? `\n\n**Earlier checks in this job**\n\n${table(['Check', 'Verdict', 'Decision'], rows)}` : ''
}

function requestBody(ctx: TaskContext, subjects: SubjectDigest[], policy: Policy, words: string, extra: string): string {
  const lines = [
    ctx.inputs.string('instructions'),
    `Reply with **${policy.approveWords[0]}** or **${policy.denyWords[0]}** on the first line of a comment. ${policy.minimumApprovals} approval(s) needed${policy.approvers.size ? ` from: ${[...policy.approvers].join(', ')}` : ''}${policy.excludeInitiator && policy.initiators.length ? `; @${policy.initiators[0]} started this run and cannot approve it` : ''}.`,
    `Run: ${ctx.platform.context.runUrl ?? '(local)'}`,
    // requireSubjects has made sure there is at least one digest
    `\n**What you approve** (sha256, fingerprint \`${fingerprint(subjects).slice(0, 16)}\`)\n\n${table(
      ['File', 'sha256'],
      subjects.map((s) => [s.name, `\`${s.sha256}\``]),
    )}`,
  ]
  return lines.filter(Boolean).join('\n\n') + extra + `\n\n<!-- mlgate:approval words=${words} -->`
}

async function runRequireApproval(ctx: TaskContext) {
  const { inputs, platform } = ctx
  const mode = resolveMode(ctx)
  const started = new Date()
  const evidenceDir = inputs.string('evidence-dir') || '.mlgate/evidence'
  const subjectSpec = inputs.optional('subject')
  const subjects = await subjectDigests(subjectSpec, evidenceDir, ctx.cwd)
  requireSubjects(subjects, subjectSpec, evidenceDir)
  const bound = fingerprint(subjects)
  const policy: Policy = {
    approvers: new Set(inputs.list('approvers').map((a) => a.replace(/^@/, '').toLowerCase())),
    minimumApprovals: inputs.number('minimum-approvals', { min: 1, integer: true }) ?? 1,
    excludeInitiator: inputs.boolean('exclude-initiator'),
    // not the actor as such: on a terminal the actor is the person answering, who started no CI run
    initiators: platform.context.initiatorNames ?? [],
    approveWords: inputs.list('approve-words'),
    denyWords: inputs.list('deny-words'),
  }
  const timeoutMs = (inputs.number('timeout-minutes', { min: 0 }) ?? 60) * 60_000
  const pollMs = (inputs.number('poll-interval-seconds', { min: 0.01 }) ?? 10) * 1000
  const decided =
    mode === 'cli'
      ? await decideInCli(
          {
            file: inputs.optional('decision-file'),
            question: `${inputs.string('title')} — subject fingerprint ${bound.slice(0, 16)}`,
            cwd: ctx.cwd,
            ask: platform.ask?.bind(platform),
            who: platform.context.actor,
          },
          policy,
          started.getTime(),
        )
      : mode === 'pr-review' || mode === 'pr-vote'
        ? await nonBlocking(ctx, mode, policy)
        : await conversation(ctx, mode, policy, subjects, timeoutMs, pollMs, subjectSpec, evidenceDir)
  return decisionResult(ctx, { mode, subjectChanged: false, ...decided, subjects, policy, started })
}

function githubTarget(ctx: TaskContext): GithubTarget {
  const c = ctx.platform.context
  if (!c.repository) throw new ConfigurationError('GitHub modes need GITHUB_REPOSITORY (run inside GitHub Actions, or use mode cli).')
  if (!c.token) throw new ConfigurationError("GitHub modes need a token: pass token: ${{ github.token }} (the default) with 'issues: write' or 'pull-requests: write'.")
  return { api: c.apiUrl ?? 'https://api.github.com', token: c.token, repository: c.repository, retryBaseDelayMs: retryBaseDelayMs(ctx.platform.env), signal: ctx.signal }
}

function azureTarget(ctx: TaskContext, mode: string): AzureTarget {
  const c = ctx.platform.context
  const { collectionUri: collection, project } = c
  if (!collection || !project || !c.repository || !c.pullRequest)
    throw new ConfigurationError(`mode ${mode} needs a pull request build with System.CollectionUri, System.TeamProject and Build.Repository.ID.`)
  if (!c.token) throw new ConfigurationError(`mode ${mode} needs the job's access token: map it with 'env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)' or input token: $(System.AccessToken).`)
  return { collection, project, repository: c.repository, pullRequest: c.pullRequest, token: c.token, retryBaseDelayMs: retryBaseDelayMs(ctx.platform.env), signal: ctx.signal }
}

/** The GitHub API of the platform, with the repository of the run: checked in that order, so each missing piece is named. */
function github(ctx: TaskContext, mode: Mode): { t: GithubTarget; api: GithubApprovals } {
  const t = githubTarget(ctx)
  const api = ctx.platform.approvals?.github
  if (!api) throw new ConfigurationError(`mode ${mode} is GitHub only; on Azure DevOps use pr-vote or pr-comment.`)
  return { t, api }
}

function azure(ctx: TaskContext, mode: Mode): { t: AzureTarget; api: AzureApprovals } {
  const t = azureTarget(ctx, mode)
  const api = ctx.platform.approvals?.azure
  if (!api) throw new ConfigurationError(`mode ${mode} on a pull request of Azure Repos runs in an Azure Pipelines task.`)
  return { t, api }
}

async function conversationBackend(ctx: TaskContext, mode: 'issue' | 'pr-comment', policy: Policy): Promise<ApprovalBackend> {
  if (ctx.platform.approvals?.azure) {
    if (mode === 'issue') throw new ConfigurationError('mode issue is GitHub only; on Azure DevOps use pr-vote or pr-comment.')
    const { t, api } = azure(ctx, mode)
    return api.conversation(t)
  }
  const { t, api } = github(ctx, mode)
  if (mode === 'pr-comment' && !ctx.platform.context.pullRequest) throw new ConfigurationError('mode pr-comment runs only on pull_request events; use mode issue elsewhere.')
  policy.approvers = await api.expandApprovers(t, [...policy.approvers])
  const assignees = ctx.inputs.list('approvers').filter((a) => !a.includes('/'))
  return api.conversation(t, mode, assignees, ctx.platform.context.pullRequest)
}

async function conversation(
  ctx: TaskContext,
  mode: 'issue' | 'pr-comment',
  policy: Policy,
  subjects: SubjectDigest[],
  timeoutMs: number,
  pollMs: number,
  subjectSpec: string | undefined,
  evidenceDir: string,
) {
  const backend = await conversationBackend(ctx, mode, policy)
  const requestedAt = Date.now()
  const requestUrl = await backend.open(ctx.inputs.string('title'), requestBody(ctx, subjects, policy, policy.approveWords.join('/'), await earlierReports(ctx)))
  ctx.log.info(`Approval requested: ${requestUrl}`)
  const tally = new Tally(policy, requestedAt - 1000)
  const bound = fingerprint(subjects)
  let status: Status = 'pending'
  let subjectChanged = false
  try {
    for (;;) {
      const now = fingerprint(await subjectDigests(subjectSpec, evidenceDir, ctx.cwd))
      if (now !== bound) subjectChanged = true
      for (const s of await backend.poll()) tally.add(s, !subjectChanged)
      const o = tally.outcome()
      if (o.status !== 'pending') {
        status = o.status
        break
      }
      if (Date.now() - requestedAt >= timeoutMs) {
        status = 'timed-out'
        break
      }
      if (ctx.signal.aborted) throw ctx.signal.reason
      await sleep(Math.min(pollMs, Math.max(0, timeoutMs - (Date.now() - requestedAt))), ctx.signal)
      if (ctx.signal.aborted) throw ctx.signal.reason
    }
  } catch (e) {
    await backend.close('⏹️ The run was cancelled before a decision; this request is closed.', 'cancelled').catch(() => undefined)
    throw e
  }
  const o = tally.outcome()
  const who = status === 'approved' ? o.approvers.map((v) => `@${v.who}`).join(', ') : status === 'denied' ? o.deniers.map((v) => `@${v.who}`).join(', ') : ''
  const note =
    status === 'approved'
      ? `✅ Approved by ${who}.`
      : status === 'denied'
        ? `❌ Denied by ${who}.`
        : `⌛ Timed out after ${Math.round(timeoutMs / 60000)} minute(s) without a decision${subjectChanged ? ' (the subject changed after the request, so later approvals did not count)' : ''}.`
  await backend.close(`${note} The decision record is in the run: ${ctx.platform.context.runUrl ?? ''}`, status)
  return { status, tally, requestUrl, subjectChanged }
}

/** pr-review and pr-vote decide from the reviews or votes already given and post a commit or PR status. */
async function nonBlocking(ctx: TaskContext, mode: 'pr-review' | 'pr-vote', policy: Policy) {
  const c = ctx.platform.context
  if (!c.pullRequest) throw new ConfigurationError(`mode ${mode} runs only for pull requests.`)
  return mode === 'pr-review' ? prReview(ctx, policy, c.pullRequest) : prVote(ctx, policy, c.pullRequest)
}

/** The tally of signals that all count (a non-blocking mode has no request to date them against). */
function tallyOf(policy: Policy, signals: Signal[]): Tally {
  const tally = new Tally(policy, 0)
  for (const s of signals) tally.add(s, true)
  return tally
}

async function prReview(ctx: TaskContext, policy: Policy, pullRequest: number) {
  const c = ctx.platform.context
  const { t, api } = github(ctx, 'pr-review')
  policy.approvers = await api.expandApprovers(t, [...policy.approvers])
  const tally = tallyOf(policy, await api.headApprovals(t, pullRequest, c.sha ?? ''))
  const o = tally.outcome()
  const description =
    o.status === 'approved'
      ? `approved by ${o.approvers.map((v) => v.who).join(', ')}`
      : o.status === 'denied'
        ? `changes requested by ${o.deniers.map((v) => v.who).join(', ')}`
        : `waiting for ${policy.minimumApprovals - o.approvers.length} more approving review(s) on this commit`
  await api.postStatus(t, c.sha ?? '', o.status === 'approved' ? 'success' : o.status === 'denied' ? 'failure' : 'pending', description, c.runUrl)
  return { status: o.status as Status, tally, requestUrl: `https://github.com/${c.repository}/pull/${pullRequest}` }
}

async function prVote(ctx: TaskContext, policy: Policy, pullRequest: number) {
  const c = ctx.platform.context
  const { t, api } = azure(ctx, 'pr-vote')
  const votes = await api.votes(t)
  // the author of the pull request is an initiator too
  const tally = tallyOf({ ...policy, initiators: [...policy.initiators, votes.author].filter(Boolean) }, votes.signals)
  const o = tally.outcome()
  await api.postStatus(
    t,
    o.status === 'approved' ? 'succeeded' : o.status === 'denied' ? 'failed' : 'pending',
    o.status === 'approved' ? `approved by ${o.approvers.map((v) => v.who).join(', ')}` : o.status === 'denied' ? 'rejected' : 'waiting for approval',
    c.runUrl,
  )
  return { status: o.status as Status, tally, requestUrl: `${t.collection.replace(/\/?$/, '/')}${t.project}/_git/${c.repository}/pullrequest/${pullRequest}` }
}

/** What each outcome means for the step, as the fail-on inputs document it. */
function verdictOf(ctx: TaskContext, status: Status): Verdict {
  const failOn = ctx.inputs.choice('fail-on', FAIL_ON)
  if (status === 'approved') return 'pass'
  // a non-blocking mode is evaluated again when a review or vote arrives; its commit status stays pending
  if (status === 'pending' || failOn === 'never') return 'warn'
  if (status === 'denied') return ctx.inputs.boolean('fail-on-deny') ? 'fail' : 'warn'
  if (status === 'timed-out') return ctx.inputs.boolean('fail-on-timeout') ? 'fail' : 'warn'
  return 'fail'
}

function headlineOf(r: { status: Status; policy: Policy; note?: string }, o: ReturnType<Tally['outcome']>): string {
  const list = (v: Vote[]) => v.map((x) => x.who).join(', ')
  if (r.status === 'approved') return `Approved by ${list(o.approvers)}.`
  if (r.status === 'denied') return `Denied by ${list(o.deniers)}.`
  if (r.status === 'timed-out') return `Timed out: ${o.approvers.length} of ${r.policy.minimumApprovals} approval(s) before the deadline.`
  if (r.status === 'not-approved') return r.note ?? 'Not approved.'
  return `Pending: ${o.approvers.length} of ${r.policy.minimumApprovals} approval(s); the check re-runs when a review is submitted.`
}

async function decisionResult(
  ctx: TaskContext,
  r: { mode: Mode; status: Status; tally: Tally; requestUrl: string; subjects: SubjectDigest[]; policy: Policy; started: Date; subjectChanged: boolean; note?: string },
) {
  const report = newReport('require-approval', 'Require approval')
  const o = r.tally.outcome()
  report.verdict = verdictOf(ctx, r.status)
  report.headline = headlineOf(r, o)
  const decidedAt = r.status === 'approved' ? (o.approvers[r.policy.minimumApprovals - 1]?.at ?? o.approvers.at(-1)?.at ?? '') : ''
  const record = {
    task: 'require-approval',
    requester: ctx.platform.context.actor ?? null,
    mode: r.mode,
    policy: {
      approvers: [...r.policy.approvers],
      minimumApprovals: r.policy.minimumApprovals,
      excludeInitiator: r.policy.excludeInitiator,
      initiators: r.policy.excludeInitiator ? r.policy.initiators : [],
      approveWords: r.policy.approveWords,
      denyWords: r.policy.denyWords,
    },
    subject: r.subjects.map((s) => ({ name: s.name, digest: { sha256: s.sha256 } })),
    subjectFingerprint: fingerprint(r.subjects),
    subjectChanged: r.subjectChanged,
    approvals: o.approvers,
    denials: o.deniers,
    ignored: [...r.tally.ignored.values()],
    outcome: r.status,
    requestUrl: r.requestUrl,
    requestedAt: r.started.toISOString(),
    decidedAt: decidedAt || null,
    finishedAt: new Date().toISOString(),
    run: { url: ctx.platform.context.runUrl ?? null, repository: ctx.platform.context.repository ?? null, sha: ctx.platform.context.sha ?? null },
    event: runEvent(ctx) ?? null,
  }
  const decisionPath = ctx.inputs.string('decision-path') || '.mlgate/approval/decision.json'
  const json = JSON.stringify(record, null, 2) + '\n'
  await writeFileAtomic(absolutePath(decisionPath, ctx.cwd), json, { role: 'decision record', shownAs: decisionPath, signal: ctx.signal })
  report.inputs = r.subjects.map((s) => ({ path: s.name, bytes: 0, sha256: s.sha256 }))
  report.checks.push({ id: 'approval', title: `Approval (${r.mode})`, status: report.verdict, message: report.headline })
  for (const i of record.ignored) report.checks.push({ id: `ignored:${i.id}`, title: `Ignored answer from ${i.who}`, status: 'skip', message: i.reason })
  report.sections = [
    {
      title: 'Decision record',
      markdown:
        table(
          ['Who', 'Decision', 'When', 'Link'],
          [...o.approvers, ...o.deniers].map((v) => [v.who, v.decision, v.at, v.url ?? '']),
        ) + `\n\nSubject fingerprint \`${record.subjectFingerprint.slice(0, 16)}\` over ${r.subjects.length} digest(s); request: ${r.requestUrl}`,
    },
  ]
  report.policy = record.policy
  report.body = { approvalStatus: r.status, approvers: o.approvers.map((v) => v.who), decision: record }
  return {
    report,
    outputs: { 'approval-status': r.status, approvers: o.approvers.map((v) => v.who).join(','), 'approved-at': decidedAt, 'decision-path': decisionPath, 'request-url': r.requestUrl },
  }
}
