// A small interpreter of the profile-matrix examples: each job (each matrix or parallel slice) gets a
// workspace of its own, the artifact steps copy files through an in-memory store the way the
// services do, and each mlgate step runs its bundle as its own process under the platform harness.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../harness/node.ts'

export type Artifacts = Map<string, Map<string, Buffer>>

/** A fresh workspace holding what the checkout step would: the examples. */
export function workspace(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  symlinkSync(join(ROOT, 'examples'), join(dir, 'examples'))
  return dir
}

export function readYaml<T>(file: string): T {
  return parse(readFileSync(join(ROOT, file), 'utf8')) as T
}

/** `profile-*` → /^profile-.*$/ (artifact name patterns). */
export function namePattern(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .replace(/[.+^$()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  )
}

/** Files under a path (the path itself when it is a file). */
function filesAt(path: string): string[] {
  return statSync(path).isDirectory() ? readdirSync(path).flatMap((n) => filesAt(join(path, n))) : [path]
}

export function upload(store: Artifacts, name: string, path: string): void {
  if (store.has(name)) throw new Error(`artifact '${name}' uploaded twice (an artifact name is unique in a run)`)
  store.set(name, new Map(filesAt(path).map((f) => [basename(f), readFileSync(f)])))
}

/** Writes the artifacts into dir: each into dir/<name>/, or all into dir itself when merged. */
export function download(store: Artifacts, names: string[], dir: string, merge: boolean): void {
  if (names.length === 0) throw new Error('no artifact matches')
  for (const name of names) {
    const into = merge ? dir : join(dir, name)
    mkdirSync(into, { recursive: true })
    for (const [file, bytes] of store.get(name) ?? []) writeFileSync(join(into, file), bytes)
  }
}

/** Replaces every `${{ … }}` (GitHub) or `$(…)` (Azure) with its value; an unknown one is a failure of the test. */
export function substitute(text: string, values: Record<string, string>, syntax: 'github' | 'azure'): string {
  const re = syntax === 'github' ? /\$\{\{\s*([^}]+?)\s*\}\}/g : /\$\(([^)]+)\)/g
  return text.replace(re, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for '${name}' in '${text}'`)
    return values[name]
  })
}

export function copyInto(from: string, to: string): void {
  cpSync(from, to, { recursive: true })
}

/** Runs tasks with at most `limit` at once, in order of the list. */
export async function limited<T>(items: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await items[i]()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}
