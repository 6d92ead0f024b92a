import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../harness/cli.ts'
import { fakeAzure } from '../harness/fake-azure.ts'

const fake = fakeAzure({
  builds: {
    '101': { properties: { 'mlgate.gate-model.verdict': 'pass', 'mlgate.detect-drift.verdict': 'warn' }, tags: [] },
    '202': { properties: {}, tags: [] },
  },
})
beforeAll(() => fake.server.start())
afterAll(() => fake.server.stop())

const check = (args: string[], env: Record<string, string> = { SYSTEM_ACCESSTOKEN: 'job-token' }) =>
  runCli(['azure', 'gate-check', '--org', fake.collection(), '--project', 'models', ...args], { env })

describe('mlgate azure gate-check: the gate’s own request and expression against the organization', () => {
  it('prints the request, the answer, the expression and its value; exit 0 when the gate passes', async () => {
    const r = await check(['--run', '101', '--task', 'gate-model'])
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout).toContain(`GET ${fake.collection()}models/_apis/build/builds/101/properties?api-version=7.1`)
    expect(r.stdout).toContain('token: SYSTEM_ACCESSTOKEN, sent as Bearer exactly as the gate does')
    expect(r.stdout).toContain('"$value": "pass"')
    expect(r.stdout).toContain("expression: or(eq(root['value']['mlgate.gate-model.verdict']['$value'], 'pass'), and(eq('false', 'true'),")
    expect(r.stdout).toContain('recorded verdict of gate-model on build 101: pass')
    expect(r.stdout).toMatch(/value: true — the gate passes\n$/)
    expect(fake.server.find('GET', '/acme/models/_apis/build/builds/101/properties').at(-1)!.headers.authorization).toBe('Bearer job-token')
    expect(r.stdout).not.toContain('job-token')
  })

  it('warn: exit 1 without --warn-passes, 0 with it', async () => {
    const no = await check(['--run', '101', '--task', 'detect-drift'])
    expect(no.exitCode).toBe(1)
    expect(no.stdout).toMatch(/value: false — the gate does not pass\n$/)
    const yes = await check(['--run', '101', '--task', 'detect-drift', '--warn-passes'])
    expect(yes.exitCode).toBe(0)
  })

  it('a build with no verdict: false, exit 1, and says that nothing was recorded', async () => {
    const r = await check(['--run', '202', '--task', 'gate-model'])
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toContain('recorded verdict of gate-model on build 202: none (no mlgate verdict property)')
  })

  it('a PAT from AZURE_DEVOPS_EXT_PAT is sent as Basic and said so', async () => {
    const r = await check(['--run', '101', '--task', 'gate-model'], { AZURE_DEVOPS_EXT_PAT: 'my-pat' })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout).toContain('token: the PAT in AZURE_DEVOPS_EXT_PAT, sent as Basic')
    expect(fake.server.find('GET', '/acme/models/_apis/build/builds/101/properties').at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from(':my-pat').toString('base64')}`)
  })

  it.each([
    [['--run', 'abc', '--task', 'gate-model'], { SYSTEM_ACCESSTOKEN: 't' }, /^error: --run 'abc' is not a build id/],
    [['--run', '101', '--task', 'gate-modle'], { SYSTEM_ACCESSTOKEN: 't' }, /^error: --task 'gate-modle' is not an mlgate task — did you mean 'gate-model'\?/],
    [['--run', '101'], { SYSTEM_ACCESSTOKEN: 't' }, /^error: 'mlgate azure gate-check' needs --task;/],
    [['--run', '101', '--task', 'gate-model'], {}, /^error: 'mlgate azure gate-check' needs a token: set AZURE_DEVOPS_EXT_PAT/],
    [['--run', '999', '--task', 'gate-model'], { SYSTEM_ACCESSTOKEN: 't' }, /error: Azure DevOps answered 404 for build 999: no such build, project or organization/],
    [['--run', '101', '--task', 'gate-model', '--bogus'], { SYSTEM_ACCESSTOKEN: 't' }, /^error: Unknown or incomplete option '--bogus'/],
  ])('%j: one sentence, exit 2', async (args, env, message) => {
    const r = await check(args as string[], env as Record<string, string>)
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })
})
