import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  body: unknown
  raw: Buffer
}

export interface Reply {
  status?: number
  body?: unknown
  headers?: Record<string, string>
}

export type Handler = (req: RecordedRequest, params: Record<string, string>) => Reply | Promise<Reply>

interface Route {
  method: string
  pattern: RegExp
  keys: string[]
  handler: Handler
}

/**
 * A loopback HTTP server that answers like a real API for declared routes and records every request.
 * Requests to undeclared routes are answered 404 and listed in `unexpected`, so tests can assert none happened.
 */
export class FakeServer {
  readonly requests: RecordedRequest[] = []
  readonly unexpected: RecordedRequest[] = []
  readonly problems: string[] = []
  private readonly routes: Route[] = []
  private server: Server | undefined
  url = ''

  /** `path` like '/repos/:owner/:repo/statuses/:sha'. */
  on(method: string, path: string, handler: Handler): this {
    const keys: string[] = []
    const source = path
      .replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '$' ? c : `\\${c}`))
      .replace(/:([A-Za-z_]+)/g, (_, k: string) => {
        keys.push(k)
        return '([^/]+)'
      })
    this.routes.push({ method: method.toUpperCase(), pattern: new RegExp(`^${source}$`), keys, handler })
    return this
  }

  /** Records a shape problem; the request is answered 422 like GitHub/Azure do for malformed bodies. */
  reject(message: string): Reply {
    this.problems.push(message)
    return { status: 422, body: { message } }
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this.url
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const raw = Buffer.concat(chunks)
    const text = raw.toString('utf8')
    const url = new URL(req.url ?? '/', 'http://x')
    let body: unknown = text
    try {
      body = text ? JSON.parse(text) : undefined
    } catch {
      /* keep raw text */
    }
    const rec: RecordedRequest = { method: req.method ?? 'GET', path: decodeURIComponent(url.pathname), query: url.searchParams, headers: req.headers, body, raw }
    this.requests.push(rec)
    const route = this.routes.find((r) => r.method === rec.method && r.pattern.test(rec.path))
    let reply: Reply
    if (!route) {
      this.unexpected.push(rec)
      reply = { status: 404, body: { message: 'Not Found' } }
    } else {
      const m = route.pattern.exec(rec.path)!
      const params = Object.fromEntries(route.keys.map((k, i) => [k, m[i + 1]]))
      reply = await route.handler(rec, params)
    }
    const binary = Buffer.isBuffer(reply.body)
    res.writeHead(reply.status ?? 200, { 'content-type': binary ? 'application/zip' : 'application/json', ...reply.headers })
    res.end(reply.body === undefined ? '' : binary || typeof reply.body === 'string' ? (reply.body as string | Buffer) : JSON.stringify(reply.body))
  }

  find(method: string, path: RegExp | string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)))
  }
}

/** Checks that a JSON body has exactly allowed keys and the required ones; returns a problem or undefined. */
export function checkBody(body: unknown, required: string[], allowed: string[]): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'body is not a JSON object'
  const keys = Object.keys(body)
  for (const r of required) if (!keys.includes(r)) return `missing field '${r}'`
  for (const k of keys) if (!allowed.includes(k) && !required.includes(k)) return `unknown field '${k}'`
  return undefined
}
