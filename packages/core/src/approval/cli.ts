import { readFile } from 'node:fs/promises'
import { createInterface } from 'node:readline/promises'
import { ConfigurationError, fileError } from '../errors.ts'
import { absolutePath } from '../io/sources.ts'
import type { Signal } from './decide.ts'

/** A decision file for pipelines on other CI systems: {"decision": "approve"|"deny", "by": "...", "comment": "..."}. */
export async function decisionFromFile(path: string, cwd: string): Promise<Signal> {
  const text = await readFile(absolutePath(path, cwd), 'utf8').catch((e: unknown) => fileError(e, path, 'decision file'))
  let doc: { decision?: string; by?: string; comment?: string; at?: string }
  try {
    doc = JSON.parse(text)
  } catch (e) {
    throw new ConfigurationError(`The decision file '${path}' is not valid JSON: ${(e as Error).message}.`)
  }
  if (doc.decision !== 'approve' && doc.decision !== 'deny') throw new ConfigurationError(`The decision file '${path}' must have "decision": "approve" or "deny".`)
  if (!doc.by) throw new ConfigurationError(`The decision file '${path}' must say who decided ("by").`)
  return { id: `file:${path}`, author: doc.by, isBot: false, body: `${doc.decision}${doc.comment ? `\n${doc.comment}` : ''}`, createdAt: doc.at ?? new Date().toISOString() }
}

/** Asks on the terminal. */
export async function decisionFromTerminal(question: string, who: string): Promise<Signal> {
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    for (;;) {
      const answer = (await rl.question(`${question}\nApprove or deny? [approve/deny] `)).trim().toLowerCase()
      if (['approve', 'approved', 'yes', 'y', 'lgtm'].includes(answer)) return { id: 'terminal', author: who, isBot: false, body: 'approve', createdAt: new Date().toISOString() }
      if (['deny', 'denied', 'no', 'n', 'reject'].includes(answer)) return { id: 'terminal', author: who, isBot: false, body: 'deny', createdAt: new Date().toISOString() }
    }
  } finally {
    rl.close()
  }
}
