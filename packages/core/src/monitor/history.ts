import { ConfigurationError } from '../errors.ts'
import { HISTORY_KIND, HISTORY_VERSION, MANIFEST_NAME, manifestProblem, recordName, recordProblem } from './record.ts'
import type { HistoryManifest, WindowRecord } from './record.ts'

/**
 * Where the monitor keeps its windows: a directory (committed or cached), the artifact of earlier runs, or a git
 * branch. Every store holds the same files: `mlgate-history.json` (the manifest) and `windows/000001.json`, … one
 * record per window. A store that is missing (unless `history-init` allows a new one), corrupt or of another
 * schema is refused with one sentence.
 */
export interface HistoryStore {
  /** The store in words, for sentences and the report: "directory 'monitoring/history'". */
  readonly label: string
  /** Every window so far, oldest first. */
  read(): Promise<WindowRecord[]>
  /** Saves the window's record (and the manifest of a new store) before anything else happens; atomic per file. */
  append(record: WindowRecord): Promise<{ location: string }>
}

export type StoreSpec = { kind: 'dir'; path: string } | { kind: 'artifact'; name: string } | { kind: 'branch'; branch: string; remote?: string }

/** `dir:<path>` or a plain path, `artifact:<name>`, `branch:<name>` (optionally `branch:<name>@<remote>`). */
export function parseStoreSpec(text: string): StoreSpec {
  const m = /^(dir|artifact|branch):(.*)$/.exec(text.trim())
  const [kind, rest] = m ? [m[1], m[2].trim()] : ['dir', text.trim()]
  if (!rest)
    throw new ConfigurationError(`Input 'history': '${text}' names no ${kind === 'dir' ? 'directory' : kind}; write e.g. dir:monitoring/history, artifact:mlgate-monitor or branch:mlgate-monitor.`)
  if (kind === 'artifact') {
    if (!/^[\w.-]+$/.test(rest)) throw new ConfigurationError(`Input 'history': the artifact name '${rest}' may hold only letters, digits, '.', '_' and '-'.`)
    return { kind, name: rest }
  }
  if (kind === 'branch') {
    const [branch, remote] = rest.split('@')
    if (!/^[\w./-]+$/.test(branch) || branch.startsWith('-') || branch.includes('..')) throw new ConfigurationError(`Input 'history': '${branch}' is not a branch name git accepts.`)
    return { kind, branch, remote: remote || undefined }
  }
  return { kind: 'dir', path: rest }
}

function newManifest(): HistoryManifest {
  return { kind: HISTORY_KIND, version: HISTORY_VERSION, created: new Date().toISOString() }
}

/** A new store's manifest as stored. */
export function manifestText(): string {
  return JSON.stringify(newManifest(), null, 1) + '\n'
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new ConfigurationError(`The ${what} is corrupt: it is not valid JSON.`)
  }
}

/**
 * The windows of a store from its files (name → text); undefined when the store holds no file at all (a new store).
 * `label` names the store in the sentence of a refusal.
 */
export function recordsFromFiles(files: Map<string, string>, label: string): WindowRecord[] | undefined {
  if (files.size === 0) return undefined
  const manifest = files.get(MANIFEST_NAME)
  if (manifest === undefined) throw new ConfigurationError(`The ${label} is not an mlgate monitor history: it has no ${MANIFEST_NAME}.`)
  const problem = manifestProblem(parseJson(manifest, `${label} (${MANIFEST_NAME})`))
  if (problem) throw new ConfigurationError(`The ${label} is not a monitor history this mlgate reads: ${MANIFEST_NAME} ${problem.replace(/^it /, '')}.`)
  const names = [...files.keys()].filter((n) => /^windows\/\d+\.json$/.test(n)).sort()
  return names.map((name, i) => {
    const record = parseJson(files.get(name)!, `${label} (${name})`)
    const why = recordProblem(record)
    if (why) throw new ConfigurationError(`The ${label} holds a window record ${name} this mlgate cannot read: ${why}.`)
    const r = record as WindowRecord
    if (recordName(r.seq) !== name || r.seq !== i + 1) throw new ConfigurationError(`The ${label} is corrupt: ${name} holds window ${r.seq}, expected window ${i + 1}.`)
    return r
  })
}

/** The records of a store, or its refusal when missing and no new history is allowed. */
export function requireRecords(records: WindowRecord[] | undefined, label: string, init: boolean): WindowRecord[] {
  if (records) return records
  if (init) return []
  throw new ConfigurationError(`The ${label} does not exist or is empty; set 'history-init: true' on the first run to start a new monitor history there.`)
}

/** A record as stored: one line of JSON (a record with a profile holds thousands of bin counts). */
export function recordText(r: WindowRecord): string {
  return JSON.stringify(r) + '\n'
}
