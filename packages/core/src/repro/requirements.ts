import { readFile } from 'node:fs/promises'
import { dirname, relative, resolve, sep } from 'node:path'
import { ConfigurationError } from '../errors.ts'
import { absolutePath } from '../io/sources.ts'

export interface RequirementProblem {
  file: string
  line: number
  message: string
}

/** One logical line of a requirements file: comments dropped, backslash continuations joined. */
interface Line {
  file: string
  line: number
  text: string
}

interface Tree {
  requirements: Line[]
  /** Constraint lines by normalised package name (PEP 503). */
  constraints: Map<string, Line>
  /** Files read through -r / -c, relative to the workspace, in reading order. */
  includes: string[]
  /** Includes mlgate cannot read (URLs): what they bring in is not verified. */
  unread: RequirementProblem[]
}

const INCLUDE = /^(-r|--requirement|-c|--constraint)(?:=|\s+|(?<=^-[rc]))(\S+)$/

/** PEP 503 name normalisation: case-insensitive, runs of - _ . are one '-'. */
function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-')
}

function logicalLines(text: string, file: string): Line[] {
  const out: Line[] = []
  const raw = text.split(/\r?\n/)
  for (let i = 0; i < raw.length; i++) {
    const start = i
    let line = raw[i]
    while (line.trimEnd().endsWith('\\') && i + 1 < raw.length) line = line.trimEnd().slice(0, -1) + ' ' + raw[++i]
    const spec = line.replace(/(^|\s+)#.*$/, '').trim()
    if (spec) out.push({ file, line: start + 1, text: spec })
  }
  return out
}

function display(abs: string, cwd: string): string {
  return relative(cwd, abs).split(sep).join('/')
}

async function readIncluded(abs: string, shown: string, via: Line, flag: string): Promise<string> {
  try {
    return await readFile(abs, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new ConfigurationError(`'${shown}' does not exist (included by ${via.file} line ${via.line} with ${flag}).`)
    throw e
  }
}

/** Reads a requirements file and every file it includes with -r or constrains with -c, as pip would. */
async function readRequirementsTree(path: string, cwd: string, text: string): Promise<Tree> {
  const tree: Tree = { requirements: [], constraints: new Map(), includes: [], unread: [] }
  const seen = new Set<string>()
  const walk = async (abs: string, shown: string, body: string, stack: string[], constraint: boolean): Promise<void> => {
    seen.add(abs)
    for (const l of logicalLines(body, shown)) {
      const inc = INCLUDE.exec(l.text)
      if (!inc) {
        // other options (--index-url, --hash-only lines, --pre, …) pin nothing
        if (!/^-/.test(l.text) || /^(-e|--editable)\b/.test(l.text)) addLine(tree, l, constraint)
        continue
      }
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(inc[2])) {
        tree.unread.push({
          file: l.file,
          line: l.line,
          message: `'${l.text}' names a file by URL, which mlgate does not fetch: its requirements are not verified (vendor the file and include it by path).`,
        })
        continue
      }
      const target = resolve(dirname(abs), inc[2])
      const targetShown = display(target, cwd)
      if (stack.includes(target))
        throw new ConfigurationError(`Requirements files include each other in a cycle: ${[...stack, target].map((p) => display(p, cwd)).join(' → ')} (${shown} line ${l.line}).`)
      if (seen.has(target)) continue
      const included = await readIncluded(target, targetShown, l, inc[1])
      tree.includes.push(targetShown)
      await walk(target, targetShown, included, [...stack, target], constraint || /^(-c|--constraint)$/.test(inc[1]))
    }
  }
  const root = absolutePath(path, cwd)
  await walk(root, path, text, [root], false)
  return tree
}

function addLine(tree: Tree, l: Line, constraint: boolean): void {
  if (!constraint) tree.requirements.push(l)
  else tree.constraints.set(normalizeName(requirementName(l.text)), l)
}

function requirementName(spec: string): string {
  return spec.split(/[\s;[<>=!~@]/)[0]
}

const PINNED = /^[A-Za-z0-9_.-]+(\[[^\]]*\])?\s*===?\s*[^\s,*<>=!~]+$/

function withoutMarkersAndHashes(spec: string): string {
  return spec
    .split(';')[0]
    .replace(/\s*--hash[=\s]\S+/g, '')
    .trim()
}

function checkRequirement(l: Line, constraints: Map<string, Line>, requireHashes: boolean): RequirementProblem | undefined {
  const at = { file: l.file, line: l.line }
  if (/^(-e|--editable)\b/.test(l.text) || /^(git\+|https?:|file:|\.{0,2}\/)/.test(l.text))
    return /@[0-9a-f]{7,40}\b/.test(l.text) ? undefined : { ...at, message: `'${l.text}' is not pinned to a commit or version.` }
  const name = requirementName(l.text)
  const requirement = withoutMarkersAndHashes(l.text)
  const constraint = constraints.get(normalizeName(name))
  const pinnedByConstraint = constraint !== undefined && PINNED.test(withoutMarkersAndHashes(constraint.text))
  if (!PINNED.test(requirement) && !pinnedByConstraint) {
    const allows = constraint ? `; ${constraint.file} allows '${withoutMarkersAndHashes(constraint.text)}'` : ''
    return { ...at, message: `'${name}' is not pinned with == (found '${requirement}'${allows}).` }
  }
  if (requireHashes && !/--hash[=\s]sha256:[0-9a-f]{64}/.test(l.text)) return { ...at, message: `'${name}' has no --hash=sha256:… (hashes were asked for).` }
  return undefined
}

/** Every requirement of the file and its includes pinned with ==, here or by a -c constraint (and hashed when asked). */
export async function checkRequirements(path: string, cwd: string, text: string, requireHashes: boolean): Promise<{ problems: RequirementProblem[]; includes: string[] }> {
  const tree = await readRequirementsTree(path, cwd, text)
  const problems: RequirementProblem[] = [...tree.unread]
  for (const l of tree.requirements) {
    const p = checkRequirement(l, tree.constraints, requireHashes)
    if (p) problems.push(p)
  }
  return { problems, includes: tree.includes }
}
