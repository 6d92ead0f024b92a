import { readFile } from 'node:fs/promises'
import { fileError } from '../errors.ts'
import { absolutePath } from '../io/sources.ts'

/** Drops a leading UTF-8 byte order mark, which editors on Windows put before JSON and YAML. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** A text file the user named (metrics, rules, a decision), read as UTF-8 without its BOM; errors name the file. */
export async function readUserText(path: string, cwd: string, role: string): Promise<string> {
  const text = await readFile(absolutePath(path, cwd), 'utf8').catch((e: unknown) => fileError(e, path, role))
  return stripBom(text)
}
