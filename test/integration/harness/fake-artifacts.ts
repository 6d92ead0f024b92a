import { FakeServer } from './fake-server.ts'

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService'
export const RUN_BACKEND_ID = 'ce7f54c7-61c7-4aae-887f-30da475f5f1a'
export const JOB_BACKEND_ID = 'ca395085-040a-526b-2ce8-bdc85f692774'

/** An unsigned JWT with the Actions.Results scope the artifact client reads its backend IDs from. */
export function runtimeToken(): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ scp: `Actions.GenericRead Actions.Results:${RUN_BACKEND_ID}:${JOB_BACKEND_ID}` })}.sig`
}

export interface UploadedArtifact {
  name: string
  blocks: Buffer[]
  finalized: boolean
  size?: string
}

/**
 * The GitHub Actions results service (Twirp JSON) and blob storage, enough for @actions/artifact to
 * create, upload and finalize an artifact. Checks the backend IDs and the artifact name of each call.
 */
export function fakeArtifactService(): { server: FakeServer; artifacts: UploadedArtifact[]; env: () => Record<string, string> } {
  const server = new FakeServer()
  const artifacts: UploadedArtifact[] = []
  // Twirp JSON carries proto field names (snake_case); accept lowerCamel too as protobuf JSON allows both
  const field = (b: Record<string, unknown>, snake: string) => b[snake] ?? b[snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())]
  const ids = (b: Record<string, unknown>) => field(b, 'workflow_run_backend_id') === RUN_BACKEND_ID && field(b, 'workflow_job_run_backend_id') === JOB_BACKEND_ID

  server.on('POST', `${SERVICE}/CreateArtifact`, (req) => {
    const b = req.body as Record<string, unknown>
    if (!ids(b)) return server.reject('CreateArtifact: wrong backend ids')
    if (typeof b.name !== 'string' || !b.name) return server.reject('CreateArtifact: name missing')
    if (!String(req.headers.authorization).startsWith('Bearer ')) return { status: 401, body: { code: 'unauthenticated', msg: 'no token' } }
    artifacts.push({ name: b.name, blocks: [], finalized: false })
    return { body: { ok: true, signed_upload_url: `${server.url}/blob/artifacts/${encodeURIComponent(b.name)}.zip?sig=fake` } }
  })

  server.on('PUT', '/blob/artifacts/:file', (req, p) => {
    const a = artifacts.findLast((x) => `${x.name}.zip` === p.file)
    if (!a) return server.reject(`blob upload for unknown artifact ${p.file}`)
    if (req.query.get('comp') === 'block' || !req.query.get('comp')) a.blocks.push(req.raw)
    const headers = { etag: '"0x1"', 'last-modified': new Date().toUTCString(), 'x-ms-request-id': 'r1', 'x-ms-version': '2024-08-04', 'x-ms-request-server-encrypted': 'true' }
    return { status: 201, headers, body: '' }
  })

  server.on('POST', `${SERVICE}/FinalizeArtifact`, (req) => {
    const b = req.body as Record<string, unknown>
    if (!ids(b)) return server.reject('FinalizeArtifact: wrong backend ids')
    const a = artifacts.findLast((x) => x.name === b.name)
    if (!a) return server.reject(`FinalizeArtifact: unknown artifact ${String(b.name)}`)
    a.finalized = true
    a.size = String(b.size)
    return { body: { ok: true, artifact_id: '4711' } }
  })

  return {
    server,
    artifacts,
    env: () => ({ ACTIONS_RUNTIME_TOKEN: runtimeToken(), ACTIONS_RESULTS_URL: `${server.url}/`, GITHUB_SERVER_URL: 'https://github.com' }),
  }
}

/** File names inside a zip archive (central directory). */
export function zipEntryNames(buf: Buffer): string[] {
  let eocd = buf.length - 22
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--
  if (eocd < 0) return []
  const count = buf.readUInt16LE(eocd + 10)
  let p = buf.readUInt32LE(eocd + 16)
  const names: string[] = []
  for (let i = 0; i < count; i++) {
    const nameLen = buf.readUInt16LE(p + 28)
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLen))
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32)
  }
  return names
}
