import { ConfigurationError, systemErrorCode, TASKS, TOOL_VERSION } from '@mlgate/core'
import type { GateRequest, Value } from '@mlgate/azure/gate'
import { evaluate, ExpressionError, gateRequest, verdictProperty, verdictTaskJson } from '@mlgate/azure/gate'
import { suggest } from './args.ts'

export const GATE_CHECK_USAGE = 'mlgate azure gate-check --org <organization or collection URL> --project <project> --run <build id> --task <mlgate task> [--warn-passes]'

interface GateCheckOptions {
  collection: string
  project: string
  run: string
  task: string
  warnPasses: boolean
}

function parseOptions(argv: string[]): GateCheckOptions {
  const values: Record<string, string> = {}
  let warnPasses = false
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]
    if (name === '--warn-passes') warnPasses = true
    else if (['--org', '--project', '--run', '--task'].includes(name) && argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) values[name.slice(2)] = argv[++i]
    else throw new ConfigurationError(`Unknown or incomplete option '${name}' for 'mlgate azure gate-check'; use ${GATE_CHECK_USAGE}.`)
  }
  const missing = ['org', 'project', 'run', 'task'].filter((n) => !values[n])
  if (missing.length) throw new ConfigurationError(`'mlgate azure gate-check' needs ${missing.map((n) => `--${n}`).join(', ')}; use ${GATE_CHECK_USAGE}.`)
  const ids = TASKS.map((t) => t.id)
  if (!ids.includes(values.task)) throw new ConfigurationError(`--task '${values.task}' is not an mlgate task${suggest(values.task, ids).replace('--', '')} (one of ${ids.join(', ')}).`)
  if (!/^[1-9]\d*$/.test(values.run)) throw new ConfigurationError(`--run '${values.run}' is not a build id (a positive whole number, e.g. $(resources.pipeline.<alias>.runID)).`)
  return { collection: collectionUrl(values.org), project: values.project, run: values.run, task: values.task, warnPasses }
}

/** `acme` → https://dev.azure.com/acme/; a URL (an Azure DevOps Server collection) is kept, with a trailing slash. */
function collectionUrl(org: string): string {
  if (/^https?:\/\//i.test(org)) {
    try {
      return new URL(org).href.replace(/\/?$/, '/')
    } catch {
      throw new ConfigurationError(`--org '${org}' is not a valid URL.`)
    }
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(org)) throw new ConfigurationError(`--org '${org}' is neither an organization name nor a collection URL.`)
  return `https://dev.azure.com/${org}/`
}

/** The token and how it is sent: a PAT as Basic (Azure DevOps takes a PAT that way), a job's token as the gate sends it. */
function credentials(env: NodeJS.ProcessEnv): { token: string; source: string; authorization?: string } {
  const pat = env.AZURE_DEVOPS_EXT_PAT
  if (pat) return { token: pat, source: 'the PAT in AZURE_DEVOPS_EXT_PAT, sent as Basic (the gate sends the job token as Bearer)', authorization: `Basic ${Buffer.from(`:${pat}`).toString('base64')}` }
  if (env.SYSTEM_ACCESSTOKEN) return { token: env.SYSTEM_ACCESSTOKEN, source: 'SYSTEM_ACCESSTOKEN, sent as Bearer exactly as the gate does' }
  throw new ConfigurationError("'mlgate azure gate-check' needs a token: set AZURE_DEVOPS_EXT_PAT to a PAT with Build (Read), or SYSTEM_ACCESSTOKEN in a pipeline step.")
}

/** The request MlgateVerdict@1 sends, from its task.json, with this check's inputs and the pipeline variables it reads. */
export function gateCheckRequest(o: GateCheckOptions, token: string): GateRequest {
  const inputs = { task: o.task, run: o.run, project: o.project, warnPasses: String(o.warnPasses) }
  const variables = { 'system.teamFoundationCollectionUri': o.collection, 'system.accesstoken': token, 'System.TeamProjectId': o.project, 'Build.BuildId': o.run }
  return gateRequest(verdictTaskJson(TASKS, TOOL_VERSION), inputs, variables)
}

async function send(req: GateRequest, authorization: string | undefined): Promise<{ status: number; text: string }> {
  const headers = { ...req.headers, ...(authorization ? { Authorization: authorization } : {}) }
  try {
    const res = await fetch(req.url, { method: req.method, headers, signal: AbortSignal.timeout(30_000) })
    return { status: res.status, text: await res.text() }
  } catch (e) {
    throw new ConfigurationError(`Could not reach ${new URL(req.url).host}: ${systemErrorCode(e) ?? (e as Error).message}.`)
  }
}

const HTTP_HINT: Record<number, string> = {
  401: 'the token was refused (expired, or not valid for this organization)',
  403: "the token may not read builds: give the PAT the 'Build (Read)' scope, or the build service 'View builds'",
  404: 'no such build, project or organization',
}

/** `mlgate azure gate-check`: the gate's request against the organization, the answer, the expression and its value. */
export async function runGateCheck(argv: string[]): Promise<number> {
  const o = parseOptions(argv)
  const { token, source, authorization } = credentials(process.env)
  const req = gateCheckRequest(o, token)
  console.log(`${req.method} ${req.url}`)
  console.log(`token: ${source}`)
  const { status, text } = await send(req, authorization)
  console.log(`HTTP ${status}`)
  if (status < 200 || status > 299) throw new ConfigurationError(`Azure DevOps answered ${status} for build ${o.run}: ${HTTP_HINT[status] ?? text.slice(0, 200)}; the gate would fail the same way.`)
  let answer: Value
  try {
    answer = JSON.parse(text) as Value
  } catch {
    throw new ConfigurationError(`The answer is not JSON (${text.slice(0, 80)}); the gate could not evaluate it either.`)
  }
  console.log(`answer:\n${JSON.stringify(answer, null, 2)}`)
  console.log(`expression: ${req.expression}`)
  let value: Value
  try {
    value = evaluate(req.expression, answer)
  } catch (e) {
    if (e instanceof ExpressionError) throw new ConfigurationError(`The expression cannot be evaluated: ${e.message}.`)
    throw e
  }
  const recorded = (answer as { value?: Record<string, { $value?: string }> }).value?.[verdictProperty(o.task)]?.$value
  console.log(`recorded verdict of ${o.task} on build ${o.run}: ${recorded ?? 'none (no mlgate verdict property)'}`)
  console.log(`value: ${JSON.stringify(value)} — the gate ${value === true ? 'passes' : 'does not pass'}`)
  return value === true ? 0 : 1
}

/** `mlgate azure <sub-command>`. */
export async function runAzureCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv
  if (sub === 'gate-check' && (rest.includes('--help') || rest.includes('-h'))) {
    console.log(
      `Usage: ${GATE_CHECK_USAGE}\n\nSends the request of the MlgateVerdict@1 gate (from its task.json) with a token from AZURE_DEVOPS_EXT_PAT\n(a PAT with Build (Read)) or SYSTEM_ACCESSTOKEN, and prints the answer, the expression and its value.\nExit codes: 0 the gate passes, 1 it does not, 2 bad input or trouble.`,
    )
    return 0
  }
  if (sub !== 'gate-check') throw new ConfigurationError(`Unknown command 'azure ${sub ?? ''}'; use ${GATE_CHECK_USAGE}.`)
  return runGateCheck(rest)
}
