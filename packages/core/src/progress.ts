import { thousands } from './report/markdown.ts'

/** Where progress goes: a terminal redraws one line; a CI log gets one line per phase. */
export interface ProgressSink {
  /** True on a terminal a person watches (not a CI log). */
  readonly interactive: boolean
  /** Replaces the transient status line (terminal only). */
  draw(line: string): void
  /** Removes the transient status line, if one is drawn. */
  clear(): void
  /** One permanent line (a phase in a CI log). */
  line(text: string): void
}

export interface ProgressAmount {
  bytes?: number
  rows?: number
  files?: number
}

/** Runs shorter than this print no live progress: it would only flicker. */
const PROGRESS_AFTER_MS = 2_000
const REDRAW_MS = 250

/**
 * Progress of one run: named phases (the runner also names the phase in the sentence of a run that
 * stops unfinished) and amounts of work, drawn live on a terminal once a run takes long.
 */
export class Progress {
  private name = 'reading its inputs'
  private phaseStarted: number
  private lastDraw = 0
  private drawn = false
  private total: ProgressAmount = {}
  private done: Required<ProgressAmount> = { bytes: 0, rows: 0, files: 0 }

  constructor(
    private readonly sink: ProgressSink,
    private readonly now: () => number = Date.now,
  ) {
    this.phaseStarted = now()
  }

  /** What the run is doing now, e.g. "reading 3 files (146 MB)". */
  get current(): string {
    return this.name
  }

  /** Starts a phase; `quiet` phases are the runner's own and print nothing. */
  phase(name: string, total: ProgressAmount = {}, quiet = false): void {
    this.finishLine()
    this.name = name
    this.total = total
    this.done = { bytes: 0, rows: 0, files: 0 }
    this.phaseStarted = this.now()
    if (!quiet && !this.sink.interactive) this.sink.line(`── ${name}`)
  }

  advance(by: ProgressAmount): void {
    this.done.bytes += by.bytes ?? 0
    this.done.rows += by.rows ?? 0
    this.done.files += by.files ?? 0
    if (!this.sink.interactive) return
    const t = this.now()
    if (t - this.phaseStarted < PROGRESS_AFTER_MS || t - this.lastDraw < REDRAW_MS) return
    this.lastDraw = t
    this.drawn = true
    this.sink.draw(this.status(t))
  }

  /** Removes the live line before anything permanent is printed. */
  finishLine(): void {
    if (!this.drawn) return
    this.drawn = false
    this.sink.clear()
  }

  /** "reading 2 files: 41% · 1,203,000 rows · 610,000 rows/s · file 1 of 2" */
  status(t = this.now()): string {
    const seconds = Math.max(1e-3, (t - this.phaseStarted) / 1000)
    const parts: string[] = []
    if (this.total.bytes) parts.push(`${Math.min(100, Math.floor((100 * this.done.bytes) / this.total.bytes))}%`)
    if (this.done.rows) parts.push(`${thousands(this.done.rows)} rows`, `${thousands(Math.round(this.done.rows / seconds))} rows/s`)
    else if (this.done.bytes) parts.push(`${(this.done.bytes / 1e6 / seconds).toFixed(0)} MB/s`)
    if (this.total.files && this.total.files > 1) parts.push(`file ${Math.min(this.total.files, this.done.files + 1)} of ${this.total.files}`)
    return parts.length ? `${this.name}: ${parts.join(' · ')}` : `${this.name}…`
  }
}

/** A sink that prints nothing (for runs inside a test or another program). */
export const SILENT_PROGRESS: ProgressSink = { interactive: false, draw: () => {}, clear: () => {}, line: () => {} }
