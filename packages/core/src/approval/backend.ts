import type { Signal } from './decide.ts'

/** A place where a human answers: an issue, a pull request conversation, reviews or votes, a terminal. */
export interface ApprovalBackend {
  readonly host: 'github' | 'azure' | 'cli'
  /** Posts the request; returns its URL. */
  open(title: string, body: string): Promise<string>
  /** Signals seen so far (comments, reviews or votes). */
  poll(): Promise<Signal[]>
  /** Says how it ended and closes the request where that means something. */
  close(message: string, outcome: string): Promise<void>
}
