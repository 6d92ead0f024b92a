import { spawn } from 'node:child_process'
import type { Environment } from '../platform.ts'

export interface GitResult {
  code: number
  stdout: Buffer
  stderr: string
}

/** Runs git with optional stdin; resolves with its exit code and output (never throws for a non-zero exit). */
export function git(args: string[], o: { cwd: string; env: Environment; input?: string | Buffer }): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: o.cwd, env: { ...o.env, GIT_TERMINAL_PROMPT: '0' } as NodeJS.ProcessEnv, stdio: [o.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout!.on('data', (d: Buffer) => out.push(d))
    child.stderr!.on('data', (d: Buffer) => err.push(d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }))
    // a git that exits before reading its input is reported by its exit code, not by a broken pipe
    child.stdin?.on('error', () => undefined)
    child.stdin?.end(o.input)
  })
}

/** git's stdout as trimmed text; throws `fail(stderr)` on a non-zero exit. */
export async function gitText(args: string[], o: { cwd: string; env: Environment; input?: string | Buffer }, fail: (stderr: string) => Error): Promise<string> {
  const r = await git(args, o)
  if (r.code !== 0) throw fail(r.stderr.trim().split('\n').pop() ?? '')
  return r.stdout.toString('utf8').trim()
}

/** Splits `git cat-file --batch` output into the contents of the objects in order. */
export function splitBatch(out: Buffer): Buffer[] {
  const blobs: Buffer[] = []
  let p = 0
  while (p < out.length) {
    const nl = out.indexOf(10, p)
    const header = out.toString('utf8', p, nl).split(' ')
    const size = Number(header[2])
    if (header[1] === 'missing' || !Number.isFinite(size)) throw new Error(`git cat-file: ${header.join(' ')}`)
    blobs.push(out.subarray(nl + 1, nl + 1 + size))
    p = nl + 1 + size + 1
  }
  return blobs
}
