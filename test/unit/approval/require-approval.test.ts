import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runTask } from '../../../packages/core/src/index.ts'
import type { AzureApprovals, GithubApprovals, GithubTarget, RunContext } from '../../../packages/core/src/index.ts'
import { requireApproval } from '../../../packages/core/src/tasks/require-approval.ts'
import { memoryPlatform } from '../../helpers/memory-platform.ts'
import { reportSchemaErrors } from '../../helpers/report-schema.ts'

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-approval-'))
  writeFileSync(join(dir, 'model.bin'), 'weights')
  return dir
}

function decision(dir: string, doc: Record<string, string>, bom = false): string {
  writeFileSync(join(dir, 'd.json'), `${bom ? '\uFEFF' : ''}${JSON.stringify(doc)}`)
  return 'd.json'
}

/** Runs require-approval in cli mode in `dir`; returns the outcome, the error sentence, the report and outputs. */
async function approve(dir: string, inputs: Record<string, string>, context: Partial<RunContext> = {}) {
  const reportPath = join(dir, `report-${Math.random().toString(36).slice(2)}.json`)
  const p = memoryPlatform(
    { mode: 'cli', subject: 'model.bin', 'decision-path': join(dir, 'decision.json'), 'evidence-dir': join(dir, 'evidence'), report: reportPath, ...inputs },
    { workspace: join(dir, 'ws'), ...context },
  )
  const outcome = await runTask(requireApproval, p, dir)
  const error = p.logs
    .filter((l) => l.level === 'error')
    .map((l) => l.message)
    .join('\n')
  const report = outcome === 'error' ? undefined : JSON.parse(readFileSync(reportPath, 'utf8'))
  return { outcome, error, report, outputs: p.outputs }
}

describe('require-approval in cli mode: not approved is not a pass', () => {
  it('an authorized approver signs: pass', async () => {
    const dir = workspace()
    const r = await approve(dir, { approvers: 'carol', 'decision-file': decision(dir, { decision: 'approve', by: 'carol' }) })
    expect(r.outcome).toBe('pass')
    expect(r.outputs['approval-status']).toBe('approved')
  })

  it('a decision file no authorized approver signed fails (exit 1) and says who signed and why it does not count', async () => {
    const dir = workspace()
    const r = await approve(dir, { approvers: 'carol', 'decision-file': decision(dir, { decision: 'approve', by: 'mallory' }) })
    expect(r.outcome).toBe('fail')
    expect(r.report.headline).toBe("Not approved: the decision file 'd.json' is signed by mallory, who is not one of the approvers (carol).")
    expect(r.outputs['approval-status']).toBe('not-approved')
    expect(reportSchemaErrors('require-approval', r.report)).toEqual([])
  })

  it('one decision file cannot meet minimum-approvals 2', async () => {
    const dir = workspace()
    const r = await approve(dir, { 'minimum-approvals': '2', 'decision-file': decision(dir, { decision: 'approve', by: 'carol' }) })
    expect(r.outcome).toBe('fail')
    expect(r.report.headline).toBe("Not approved: the decision file 'd.json' holds 1 of the 2 approval(s) needed (carol).")
  })

  it("the run's initiator cannot approve their own run unless exclude-initiator is false", async () => {
    const dir = workspace()
    const file = decision(dir, { decision: 'approve', by: 'Alice' })
    const github = await approve(dir, { 'decision-file': file }, { actor: 'alice', initiatorNames: ['alice'] })
    expect(github.outcome).toBe('fail')
    expect(github.report.headline).toBe("Not approved: the decision file 'd.json' is signed by Alice, who started this run and so cannot approve it (exclude-initiator is true).")
    const azure = await approve(
      dir,
      { 'decision-file': decision(dir, { decision: 'approve', by: 'Alice Smith' }) },
      { actor: 'alice@contoso.com', initiatorNames: ['Alice Smith', 'alice@contoso.com'] },
    )
    expect(azure.outcome).toBe('fail')
    const allowed = await approve(dir, { 'decision-file': file, 'exclude-initiator': 'false' }, { actor: 'alice', initiatorNames: ['alice'] })
    expect(allowed.outcome).toBe('pass')
  })

  it('without subject and without earlier evidence there is nothing to approve: a configuration error naming subject', async () => {
    const dir = workspace()
    const r = await approve(dir, { subject: '', 'decision-file': decision(dir, { decision: 'approve', by: 'carol' }) })
    expect(r.outcome).toBe('error')
    expect(r.error).toMatch(/^Nothing to approve: input 'subject' is empty and no earlier mlgate step left evidence in '.*evidence'; name the files the approval is bound to in 'subject'\.$/)
  })

  it('with subject empty, the subjects of earlier evidence are bound', async () => {
    const dir = workspace()
    mkdirSync(join(dir, 'evidence'))
    writeFileSync(join(dir, 'evidence', 'gate-model.intoto.json'), JSON.stringify({ subject: [{ name: 'model.bin', digest: { sha256: 'a'.repeat(64) } }] }))
    const r = await approve(dir, { subject: '', 'decision-file': decision(dir, { decision: 'approve', by: 'carol' }) })
    expect(r.outcome).toBe('pass')
    expect(r.report.decision.subject).toEqual([{ name: 'model.bin', digest: { sha256: 'a'.repeat(64) } }])
  })

  it('a corrupt evidence statement of an earlier step is a configuration error naming it', async () => {
    const dir = workspace()
    mkdirSync(join(dir, 'evidence'))
    writeFileSync(join(dir, 'evidence', 'gate-model.intoto.json'), '{"subject": [')
    const r = await approve(dir, { subject: '', 'decision-file': decision(dir, { decision: 'approve', by: 'carol' }) })
    expect(r.outcome).toBe('error')
    expect(r.error).toContain(`The evidence statement '${join(dir, 'evidence', 'gate-model.intoto.json')}' of an earlier step is not valid JSON`)
  })

  it('fail-on: a deny fails by default, is a warning with fail-on never or fail-on-deny false; an unknown level is an error', async () => {
    const dir = workspace()
    const file = decision(dir, { decision: 'deny', by: 'carol', comment: 'wrong data' })
    const denied = await approve(dir, { 'decision-file': file })
    expect(denied.outcome).toBe('fail')
    expect(denied.report.headline).toBe('Denied by carol.')
    const never = await approve(dir, { 'decision-file': file, 'fail-on': 'never' })
    expect(never.outcome).toBe('warn')
    expect(never.report.headline).toBe('Denied by carol.')
    expect(never.outputs['approval-status']).toBe('denied')
    expect((await approve(dir, { 'decision-file': file, 'fail-on-deny': 'false' })).outcome).toBe('warn')
    const unsigned = await approve(dir, { approvers: 'dave', 'decision-file': decision(dir, { decision: 'approve', by: 'carol' }), 'fail-on': 'never' })
    expect(unsigned.outcome).toBe('warn')
    expect(unsigned.outputs['approval-status']).toBe('not-approved')
    const typo = await approve(dir, { 'decision-file': file, 'fail-on': 'deny' })
    expect(typo.outcome).toBe('error')
    expect(typo.error).toContain("Input 'fail-on' must be one of fail, never")
  })

  it('on a terminal the platform asks until the answer is approve or deny; the user at the terminal answers', async () => {
    const dir = workspace()
    const answers = ['maybe', 'approve']
    const questions: string[] = []
    const p = memoryPlatform({ mode: 'cli', subject: 'model.bin', 'decision-path': join(dir, 'decision.json'), 'evidence-dir': join(dir, 'evidence') }, { workspace: join(dir, 'ws'), actor: 'erin' })
    p.ask = async (q) => {
      questions.push(q)
      return answers.shift()!
    }
    expect(await runTask(requireApproval, p, dir)).toBe('pass')
    expect(questions).toHaveLength(2)
    expect(questions[0]).toMatch(/subject fingerprint [0-9a-f]{16}\nApprove or deny\? \[approve\/deny\] $/)
    expect(p.outputs).toMatchObject({ 'approval-status': 'approved', approvers: 'erin', 'request-url': 'terminal' })
  })

  it('a decision file that is not JSON is one sentence on one line', async () => {
    const dir = workspace()
    writeFileSync(join(dir, 'd.json'), 'approve\nplease\n')
    const r = await approve(dir, { 'decision-file': 'd.json' })
    expect(r.outcome).toBe('error')
    expect(r.error).toMatch(/^The decision file 'd\.json' is not valid JSON: [^\n]+\.$/)
  })

  it('a UTF-8 BOM at the start of the decision file is ignored', async () => {
    const dir = workspace()
    const r = await approve(dir, { 'decision-file': decision(dir, { decision: 'approve', by: 'carol' }, true) })
    expect(r.error).toBe('')
    expect(r.outcome).toBe('pass')
  })
})

describe('require-approval reaches the code hosts only through the platform', () => {
  it("GitHub modes use the platform's GitHub API with the run's repository, token and the environment's retry delay", async () => {
    const dir = workspace()
    const calls: string[] = []
    const targets: GithubTarget[] = []
    const github: GithubApprovals = {
      expandApprovers: async (t, approvers) => {
        targets.push(t)
        return new Set(approvers)
      },
      conversation: (_t, mode, assignees) => ({
        host: 'github',
        open: async (title) => {
          calls.push(`open ${mode} ${title} → ${assignees.join(',')}`)
          return 'https://github.test/acme/models/issues/7'
        },
        poll: async () => [{ id: '1', author: 'carol', isBot: false, body: 'approve', createdAt: new Date(Date.now() + 60_000).toISOString() }],
        close: async (_m, outcome) => {
          calls.push(`close ${outcome}`)
        },
      }),
      headApprovals: async () => [],
      postStatus: async () => {},
    }
    const p = memoryPlatform(
      { mode: 'issue', approvers: 'carol', subject: 'model.bin', title: 'Ship it?', 'decision-path': join(dir, 'decision.json'), 'evidence-dir': join(dir, 'evidence') },
      { workspace: join(dir, 'ws'), repository: 'acme/models', token: 't0k' },
    )
    Object.assign(p, { kind: 'github', env: { MLGATE_RETRY_BASE_MS: '7' }, approvals: { github } })
    expect(await runTask(requireApproval, p, dir)).toBe('pass')
    expect(calls).toEqual(['open issue Ship it? → carol', 'close approved'])
    expect(targets).toEqual([{ api: 'https://api.github.com', token: 't0k', repository: 'acme/models', retryBaseDelayMs: 7, signal: expect.any(AbortSignal) }])
    expect(p.outputs).toMatchObject({ 'approval-status': 'approved', 'request-url': 'https://github.test/acme/models/issues/7' })
  })

  it('a GitHub mode on a platform without a GitHub API is one sentence naming the modes that work there', async () => {
    const dir = workspace()
    const p = memoryPlatform(
      { mode: 'pr-review', subject: 'model.bin', 'decision-path': join(dir, 'decision.json'), 'evidence-dir': join(dir, 'evidence') },
      { workspace: join(dir, 'ws'), repository: 'b1f0c2', token: 't0k', pullRequest: 3 },
    )
    Object.assign(p, { kind: 'azure' })
    expect(await runTask(requireApproval, p, dir)).toBe('error')
    expect(p.logs.filter((l) => l.level === 'error').map((l) => l.message)).toEqual(['mode pr-review is GitHub only; on Azure DevOps use pr-vote or pr-comment.'])
  })
  it('pr-review decides from the reviews on the head commit and posts the commit status', async () => {
    const dir = workspace()
    const statuses: string[] = []
    const github: GithubApprovals = {
      expandApprovers: async (_t, approvers) => new Set(approvers),
      conversation: () => {
        throw new Error('pr-review opens no conversation')
      },
      headApprovals: async (_t, pr, sha) => [{ id: `r${pr}`, author: 'carol', isBot: false, body: `approve ${sha}`, createdAt: '2020-01-01T00:00:00Z' }],
      postStatus: async (_t, sha, state, description) => {
        statuses.push(`${sha} ${state} ${description}`)
      },
    }
    const p = memoryPlatform(
      { mode: 'pr-review', subject: 'model.bin', 'decision-path': join(dir, 'decision.json'), 'evidence-dir': join(dir, 'evidence') },
      { workspace: join(dir, 'ws'), repository: 'acme/models', token: 't0k', pullRequest: 3, sha: 'abc' },
    )
    Object.assign(p, { kind: 'github', env: {}, approvals: { github } })
    expect(await runTask(requireApproval, p, dir)).toBe('pass')
    expect(statuses).toEqual(['abc success approved by carol'])
    expect(p.outputs).toMatchObject({ 'approval-status': 'approved', approvers: 'carol', 'request-url': 'https://github.com/acme/models/pull/3' })
  })

  it("pr-vote ignores the pull request author's own vote and posts the pull request status", async () => {
    const dir = workspace()
    const statuses: string[] = []
    const vote = (author: string) => ({ id: author, author, isBot: false, body: 'approve', createdAt: '2020-01-01T00:00:00Z' })
    const azure: AzureApprovals = {
      conversation: () => {
        throw new Error('pr-vote opens no conversation')
      },
      votes: async () => ({ signals: [vote('alice@contoso.com')], author: 'alice@contoso.com' }),
      postStatus: async (_t, state, description) => {
        statuses.push(`${state} ${description}`)
      },
    }
    const p = memoryPlatform(
      { mode: 'pr-vote', subject: 'model.bin', 'decision-path': join(dir, 'decision.json'), 'evidence-dir': join(dir, 'evidence') },
      { workspace: join(dir, 'ws'), repository: 'models', token: 't0k', pullRequest: 9, collectionUri: 'https://dev.azure.com/contoso', project: 'ml' },
    )
    Object.assign(p, { kind: 'azure', env: {}, approvals: { azure } })
    expect(await runTask(requireApproval, p, dir)).toBe('warn')
    expect(statuses).toEqual(['pending waiting for approval'])
    expect(p.outputs).toMatchObject({ 'approval-status': 'pending', 'request-url': 'https://dev.azure.com/contoso/ml/_git/models/pullrequest/9' })
    const record = JSON.parse(readFileSync(join(dir, 'decision.json'), 'utf8'))
    expect(record.ignored.map((i: { who: string; reason: string }) => `${i.who}: ${i.reason}`)).toEqual(['alice@contoso.com: the initiator of the run'])
  })
})
