import { readFile } from 'node:fs/promises'
import { gunzipSync, gzipSync } from 'node:zlib'
import Ajv from 'ajv'
import type { ValidateFunction } from 'ajv'
import profileSchema from '../../schemas/profile.schema.json' with { type: 'json' }
import { ConfigurationError, fileError } from '../errors.ts'
import { sha256Text, writeFileAtomic } from '../fs.ts'
import { absolutePath } from '../io/sources.ts'
import type { FileDigest } from '../report/model.ts'
import type { Profile, ProfileColumn } from './model.ts'
import { PROFILE_VERSION, profileRows } from './model.ts'

/** Whether a path names a profile (as opposed to data): *.profile.json or *.profile.json.gz. */
export function isProfilePath(spec: string): boolean {
  return /\.profile\.json(\.gz)?$/i.test(spec)
}

/** The sha256 over every column's name and edges (the bins' frame): profiles on other edges refuse to merge or compare. */
export function edgesFingerprint(columns: Pick<ProfileColumn, 'name' | 'bins'>[]): string {
  return sha256Text(JSON.stringify(columns.map((c) => [c.name, c.bins?.edges ?? null])))
}

type Word = 'Infinity' | '-Infinity' | 'NaN'
const encode = (v: number): number | Word => (Number.isFinite(v) ? v : (String(v) as Word))
const decode = (v: number | Word): number => (typeof v === 'number' ? v : Number(v))

/** Maps the doubles JSON cannot hold (±Infinity, NaN) to words and back, in the fields that may hold them. */
function mapNumbers<A, B>(p: Profile, f: (v: A) => B): unknown {
  return {
    ...p,
    columns: p.columns.map((c) => ({
      ...c,
      ...(c.numbers ? { numbers: { ...c.numbers, mean: f(c.numbers.mean as A), m2: f(c.numbers.m2 as A), min: f(c.numbers.min as A), max: f(c.numbers.max as A) } } : {}),
      ...(c.bins ? { bins: { ...c.bins, sums: c.bins.sums.map((v) => f(v as A)) } } : {}),
    })),
  }
}

/** The profile as JSON text (compact: profiles of many columns and bins stay small). */
export function profileToJSON(p: Profile): string {
  return JSON.stringify(mapNumbers(p, encode))
}

/** Compiles the published schema (packages/core/schemas/profile.schema.json); one per read of a batch of profiles. */
function profileValidator(): ValidateFunction {
  return new Ajv({ allErrors: false, strict: false }).compile(profileSchema)
}

/** What a well-formed profile also holds: lengths that agree, counts that add up, and the edges' own fingerprint. */
function inconsistency(p: Profile): string | undefined {
  for (const c of p.columns) {
    if (c.missing > c.rows) return `column '${c.name}' has more missing cells than cells`
    const b = c.bins
    if (b && (b.counts.length !== b.edges.length + 1 || b.sums.length !== b.counts.length || b.sumParts.length !== b.counts.length))
      return `the bins of column '${c.name}' do not have one count and sum per bucket`
    if (b && c.numbers && b.counts.reduce((x, y) => x + y, 0) !== c.numbers.count) return `the bins of column '${c.name}' do not add up to its count of numbers`
    const k = c.categories
    if (k && Object.values(k.counts).reduce((x, y) => x + y, 0) + k.other > c.rows - c.missing) return `the category counts of column '${c.name}' exceed its present cells`
  }
  if (edgesFingerprint(p.columns) !== p.edgesFingerprint) return 'its edges do not match its edges fingerprint'
  const rows = profileRows(p)
  if (p.columns.some((c) => c.rows !== rows)) return `a column's cells do not add up to the ${rows} rows of its shards`
  return undefined
}

/** Reads a profile from its JSON text (already gunzipped); `shownAs` names it in the refusal. */
export function profileFromJSON(text: string, shownAs: string, validate = profileValidator()): Profile {
  const bad = (why: string): never => {
    throw new ConfigurationError(`The profile '${shownAs}' cannot be read: ${why}.`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return bad('it is not complete JSON (truncated or corrupt)')
  }
  const head = json as { kind?: unknown; version?: unknown } | null
  if (head === null || typeof head !== 'object' || head.kind !== 'mlgate.profile') return bad('it is not an mlgate profile (no "kind": "mlgate.profile")')
  if (head.version !== PROFILE_VERSION) return bad(`it is of version ${JSON.stringify(head.version ?? null)}, and this version of mlgate reads version ${PROFILE_VERSION} only`)
  if (!validate(json)) {
    const e = validate.errors?.[0]
    return bad(`${e?.instancePath ? `'${e.instancePath.slice(1).replace(/\//g, '.')}' ` : ''}${e?.message ?? 'does not match the profile schema'} (schemas/profile.schema.json)`)
  }
  const p = mapNumbers(json as Profile, decode) as Profile
  const why = inconsistency(p)
  return why ? bad(why) : p
}

/** Reads a profile file (gzip when it starts with gzip's magic bytes); a corrupt, truncated or other-version profile is refused in one sentence. */
export async function readProfile(path: string, cwd = '.', validate = profileValidator()): Promise<Profile> {
  return (await readProfileFile(path, cwd, validate)).profile
}

/** A profile and the digest of the file's bytes as read (one read: the digest is of exactly what was parsed). */
async function readProfileFile(path: string, cwd: string, validate: ValidateFunction): Promise<{ profile: Profile; digest: FileDigest }> {
  const abs = absolutePath(path, cwd)
  let bytes: Buffer
  try {
    bytes = await readFile(abs)
  } catch (e) {
    fileError(e, path, 'profile')
  }
  const digest = { path, bytes: bytes.length, sha256: sha256Text(bytes) }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes)
    } catch {
      throw new ConfigurationError(`The profile '${path}' cannot be read: it is not complete gzip (truncated or corrupt).`)
    }
  }
  return { profile: profileFromJSON(bytes.toString('utf8'), path, validate), digest }
}

/** Reads several profiles with one compiled schema, with the digest of each file (named as given). */
export async function readProfiles(paths: string[], cwd = '.'): Promise<{ profiles: Profile[]; files: FileDigest[] }> {
  const validate = profileValidator()
  const read: { profile: Profile; digest: FileDigest }[] = []
  for (const p of paths) read.push(await readProfileFile(p, cwd, validate))
  return { profiles: read.map((r) => r.profile), files: read.map((r) => r.digest) }
}

/** Writes a profile atomically (a temporary name, then a rename); a path ending in .gz is gzipped. */
export async function writeProfile(path: string, p: Profile, o: { signal?: AbortSignal; cwd?: string } = {}): Promise<void> {
  const text = profileToJSON(p)
  const abs = o.cwd ? absolutePath(path, o.cwd) : path
  await writeFileAtomic(abs, path.endsWith('.gz') ? gzipSync(text) : text, { role: 'profile', shownAs: path, signal: o.signal })
}
