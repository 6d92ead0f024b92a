import type { Logger, VerdictRecord } from '@mlgate/core'
import { systemErrorCode } from '@mlgate/core'
import { PROPERTY_PREFIX } from './gate/task.ts'

/** The build whose properties hold the verdicts: the job's own, written with the job's token. */
export interface BuildTarget {
  collection: string
  project: string
  buildId: string
  token?: string
  retryBaseDelayMs: number
}

const VERDICTS = ['pass', 'warn', 'fail', 'error']
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

class Refused extends Error {
  constructor(readonly status: number) {
    super(`Azure DevOps answered ${status}`)
  }
}

/**
 * Records each task's verdict on the build (properties mlgate.<task>.verdict, .reportDigest, .time, .headline) for
 * release gates and checks to read, and tags the build mlgate.<task>.<verdict> for people. The property is the truth:
 * a re-run overwrites it. Tags only accumulate, so the other verdict tags of the same task are removed.
 */
export class BuildRecorder {
  constructor(
    private readonly t: BuildTarget,
    private readonly log: Logger,
    private readonly addTag: (tag: string) => void,
  ) {}

  private url(path: string): string {
    return `${this.t.collection.replace(/\/?$/, '/')}${encodeURIComponent(this.t.project)}/_apis/build/builds/${encodeURIComponent(this.t.buildId)}${path}?api-version=7.1`
  }

  private async call<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= 2
      let res: Response
      try {
        const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${this.t.token}` }
        if (body !== undefined) headers['content-type'] = contentType
        res = await fetch(this.url(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) })
      } catch (e) {
        if (last) throw e
        await sleep(this.t.retryBaseDelayMs * 2 ** attempt)
        continue
      }
      if ((res.status >= 500 || res.status === 429) && !last) {
        await sleep(this.t.retryBaseDelayMs * 2 ** attempt)
        continue
      }
      const text = await res.text()
      if (!res.ok) throw new Refused(res.status)
      return (text ? JSON.parse(text) : {}) as T
    }
  }

  async record(r: VerdictRecord): Promise<void> {
    const tag = `${PROPERTY_PREFIX}.${r.task}.${r.verdict}`
    try {
      if (!this.t.token) throw new Refused(401)
      const key = (name: string) => `/${PROPERTY_PREFIX}.${r.task}.${name}`
      const patch = [
        { op: 'add', path: key('verdict'), value: r.verdict },
        { op: 'add', path: key('reportDigest'), value: r.reportSha256 ? `sha256:${r.reportSha256}` : '' },
        { op: 'add', path: key('time'), value: r.time },
        { op: 'add', path: key('headline'), value: r.headline.slice(0, 256) },
      ]
      await this.call('PATCH', '/properties', patch, 'application/json-patch+json')
    } catch (e) {
      this.log.warn(this.problem(r, e))
      this.addTag(tag)
      return
    }
    try {
      await this.dropStaleTags(r.task, tag)
    } catch (e) {
      this.log.warn(
        `mlgate recorded the ${r.task} verdict on build ${this.t.buildId} but could not remove its earlier verdict tags (${(e as Error).message}); the property mlgate.${r.task}.verdict is what gates read.`,
      )
    }
    this.addTag(tag)
  }

  /** Removes mlgate.<task>.<other verdict> tags an earlier attempt left: the tag people see is the property's. */
  private async dropStaleTags(task: string, keep: string): Promise<void> {
    const { value } = await this.call<{ value?: string[] }>('GET', '/tags')
    const stale = (value ?? []).filter((t) => t !== keep && VERDICTS.some((v) => t.toLowerCase() === `${PROPERTY_PREFIX}.${task}.${v}`))
    if (stale.length) await this.call('PATCH', '/tags', { tagsToAdd: [], tagsToRemove: stale })
  }

  private problem(r: VerdictRecord, e: unknown): string {
    const head = `mlgate could not record the ${r.task} verdict on build ${this.t.buildId}`
    const readers = `release gates and checks that read ${PROPERTY_PREFIX}.${r.task}.verdict will not pass until it can`
    if (!this.t.token) return `${head}: the job has no access token; pass it to the step (input token: $(System.AccessToken)); ${readers}.`
    if (e instanceof Refused && (e.status === 401 || e.status === 403))
      return (
        `${head} (${e.message}): the build service identity ('${this.t.project} Build Service (<organization>)', or 'Project Collection Build Service (<organization>)' ` +
        `when the job's authorization scope is the collection) needs 'Update build information' on the pipeline (Pipelines › the pipeline › ⋯ › Manage security › Update build information: Allow); ${readers}.`
      )
    const code = systemErrorCode(e)
    if (code) return `${head}: could not reach ${new URL(this.t.collection).host}: ${code}; ${readers}.`
    return `${head} (${(e as Error).message}); ${readers}.`
  }
}
