/** One comment, review or vote as the code host reports it. */
export interface Signal {
  id: string
  author: string
  isBot: boolean
  body: string
  createdAt: string
  url?: string
}

export interface Policy {
  /** Authorized logins (teams already expanded), lower-cased; empty = anyone with write access may decide. */
  approvers: Set<string>
  minimumApprovals: number
  excludeInitiator: boolean
  /** Names of the person who started the run (and, for pull requests, of their author). */
  initiators: string[]
  approveWords: string[]
  denyWords: string[]
}

export interface Vote {
  who: string
  decision: 'approve' | 'deny'
  at: string
  url?: string
  comment: string
}

/** The decision word of a comment: its first line, matched case-insensitively as a whole word. */
function decisionOf(body: string, policy: Policy): 'approve' | 'deny' | undefined {
  const first = body.trim().split('\n')[0].toLowerCase()
  const has = (w: string) => new RegExp(`(^|[^\\p{L}\\p{N}_])${w.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}_])`, 'u').test(first)
  if (policy.denyWords.some(has)) return 'deny'
  if (policy.approveWords.some(has)) return 'approve'
  return undefined
}

export type Ignored = { id: string; who: string; reason: string }

/**
 * Counts signals: only after the request, by an authorized human who is not the excluded initiator.
 * A decision, once counted, stays (later edits don't change it).
 */
export class Tally {
  readonly votes = new Map<string, Vote>()
  readonly ignored = new Map<string, Ignored>()

  constructor(
    private readonly policy: Policy,
    private readonly requestedAt: number,
  ) {}

  add(s: Signal, subjectMatches: boolean): void {
    if (this.votes.has(s.id) || this.ignored.has(s.id)) return
    const who = s.author.toLowerCase()
    const decision = decisionOf(s.body, this.policy)
    if (!decision) return
    const ignore = (reason: string): void => {
      this.ignored.set(s.id, { id: s.id, who: s.author, reason })
    }
    if (Date.parse(s.createdAt) < this.requestedAt) return ignore('made before the request')
    if (s.isBot) return ignore('a bot')
    if (this.policy.approvers.size && !this.policy.approvers.has(who)) return ignore('not an authorized approver')
    if (this.policy.excludeInitiator && this.policy.initiators.some((n) => n.toLowerCase() === who)) return ignore('the initiator of the run')
    if (!subjectMatches) return ignore('given after the subject digests changed')
    this.votes.set(s.id, { who: s.author, decision, at: s.createdAt, url: s.url, comment: s.body.trim().split('\n')[0].slice(0, 200) })
  }

  outcome(): { status: 'approved' | 'denied' | 'pending'; approvers: Vote[]; deniers: Vote[] } {
    const all = [...this.votes.values()]
    const deniers = all.filter((v) => v.decision === 'deny')
    const byPerson = new Map<string, Vote>()
    for (const v of all) if (v.decision === 'approve' && !byPerson.has(v.who.toLowerCase())) byPerson.set(v.who.toLowerCase(), v)
    const approvers = [...byPerson.values()]
    if (deniers.length) return { status: 'denied', approvers, deniers }
    if (approvers.length >= this.policy.minimumApprovals) return { status: 'approved', approvers, deniers }
    return { status: 'pending', approvers, deniers }
  }
}
