import type { Annotation, Outcome, Platform, RunContext, StatusCheck } from '../../packages/core/src/index.ts'

/** A Platform that keeps everything in memory, for unit tests of tasks and the runner. */
export interface MemoryPlatform extends Platform {
  outputs: Record<string, string>
  annotations: Annotation[]
  summaries: string[]
  statuses: StatusCheck[]
  comments: Map<string, string>
  artifacts: { name: string; files: string[] }[]
  logs: { level: string; message: string }[]
  outcome?: { outcome: Outcome; message: string }
}

export function memoryPlatform(inputs: Record<string, string> = {}, context: Partial<RunContext> = {}): MemoryPlatform {
  const p: MemoryPlatform = {
    kind: 'cli',
    // the test process's own environment, read when a variable is asked for (tests set some on the fly)
    env: process.env,
    context: { workspace: '.mlgate/test', ...context },
    outputs: {},
    annotations: [],
    summaries: [],
    statuses: [],
    comments: new Map(),
    artifacts: [],
    logs: [],
    log: {
      info: (m) => p.logs.push({ level: 'info', message: m }),
      warn: (m) => p.logs.push({ level: 'warn', message: m }),
      error: (m) => p.logs.push({ level: 'error', message: m }),
      debug: () => {},
      group: (_t, fn) => fn(),
    },
    input: (name) => inputs[name],
    setOutput: (name, value) => {
      p.outputs[name] = value
    },
    annotate: (a) => {
      p.annotations.push(a)
    },
    summary: async (md) => {
      p.summaries.push(md)
    },
    publishStatus: async (s) => {
      p.statuses.push(s)
    },
    upsertComment: async (key, md) => {
      p.comments.set(key, md)
    },
    uploadArtifact: async (name, files) => {
      p.artifacts.push({ name, files })
    },
    finish: (outcome, message) => {
      p.outcome = { outcome, message }
    },
  }
  return p
}
