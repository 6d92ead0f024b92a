import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigurationError } from '../errors.ts'
import { sha256File } from '../fs.ts'
import { absolutePath, expandPaths } from '../io/sources.ts'

export interface SubjectDigest {
  name: string
  sha256: string
}

/** Digests the approval is bound to: the named files, or else the subjects of earlier mlgate evidence in this job. */
export async function subjectDigests(spec: string | undefined, evidenceDir: string, cwd: string): Promise<SubjectDigest[]> {
  if (spec) {
    const paths = await expandPaths(spec, cwd, 'subject')
    return Promise.all(paths.map(async (p) => ({ name: p, sha256: (await sha256File(absolutePath(p, cwd), 'subject file')).sha256 })))
  }
  const dir = absolutePath(evidenceDir, cwd)
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.intoto.json') && !n.startsWith('require-approval')).sort()
  const seen = new Map<string, SubjectDigest>()
  for (const n of names) {
    const s = await readStatement(join(dir, n))
    for (const x of s.subject ?? []) seen.set(`${x.name}@${x.digest.sha256}`, { name: x.name, sha256: x.digest.sha256 })
  }
  return [...seen.values()]
}

async function readStatement(path: string): Promise<{ subject?: { name: string; digest: { sha256: string } }[] }> {
  const text = await readFile(path, 'utf8')
  try {
    return JSON.parse(text) as { subject?: { name: string; digest: { sha256: string } }[] }
  } catch (e) {
    throw new ConfigurationError(`The evidence statement '${path}' of an earlier step is not valid JSON (${(e as Error).message}); the approval cannot tell what it is bound to.`)
  }
}

/** One short fingerprint of all subject digests, shown in the request so approvers see what they approve. */
export function fingerprint(subjects: SubjectDigest[]): string {
  return createHash('sha256')
    .update(
      subjects
        .map((s) => `${s.name}\t${s.sha256}\n`)
        .sort()
        .join(''),
    )
    .digest('hex')
}

/** An approval bound to no digest approves nothing: that is the user's mistake, named by the input. */
export function requireSubjects(subjects: SubjectDigest[], spec: string | undefined, evidenceDir: string): void {
  if (subjects.length) return
  if (spec) throw new ConfigurationError(`Input 'subject' names no file ('${spec}'); the approval must be bound to at least one.`)
  throw new ConfigurationError(`Nothing to approve: input 'subject' is empty and no earlier mlgate step left evidence in '${evidenceDir}'; name the files the approval is bound to in 'subject'.`)
}
