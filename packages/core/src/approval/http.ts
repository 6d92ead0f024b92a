import { ConfigurationError } from '../errors.ts'
import type { Environment } from '../platform.ts'

export interface HttpOptions {
  /** Names the scope a 403 most likely lacks, for the hint. */
  scope: string
  retries?: number
  baseDelayMs?: number
}

/** The first retry waits this long, doubling after; MLGATE_RETRY_BASE_MS shortens it (tests). */
export function retryBaseDelayMs(env: Environment): number {
  return Number(env.MLGATE_RETRY_BASE_MS ?? 500)
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(t)
      resolve()
    })
  })

/** JSON over HTTP with retries on 5xx and 429 (honouring Retry-After), and a permission hint on 403. */
export async function requestJson<T>(method: string, url: string, headers: Record<string, string>, body: unknown, o: HttpOptions, signal?: AbortSignal): Promise<T> {
  const retries = o.retries ?? 5
  const base = o.baseDelayMs ?? 500
  for (let attempt = 0; ; attempt++) {
    let res: Response
    try {
      res = await fetch(url, {
        method,
        headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    } catch (e) {
      if (attempt < retries) {
        await sleep(base * 2 ** attempt, signal)
        continue
      }
      throw new ConfigurationError(`Cannot reach ${new URL(url).origin}: ${(e as Error).message}.`)
    }
    if ((res.status >= 500 || res.status === 429) && attempt < retries) {
      const after = Number(res.headers.get('retry-after'))
      await sleep(Number.isFinite(after) && after > 0 ? after * 1000 : base * 2 ** attempt, signal)
      continue
    }
    const text = await res.text()
    if (res.status === 401) throw new ConfigurationError(`${method} ${new URL(url).pathname} was refused (401): the token is missing or invalid.`)
    if (res.status === 403)
      throw new ConfigurationError(`${method} ${new URL(url).pathname} was refused (403): the token needs '${o.scope}' (add it under permissions: in the workflow, or grant it to the build service).`)
    if (!res.ok) throw new ConfigurationError(`${method} ${new URL(url).pathname} failed (${res.status}): ${text.slice(0, 200)}`)
    return (text ? JSON.parse(text) : {}) as T
  }
}

export { sleep }
