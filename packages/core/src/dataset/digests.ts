import { createHash } from 'node:crypto'
import type { Hash } from 'node:crypto'
import { ConfigurationError } from '../errors.ts'
import { sha256File } from '../fs.ts'
import { BackgroundDigests } from './background-digests.ts'
import type { DataSource } from '../io/sources.ts'
import { absolutePath } from '../io/sources.ts'
import type { FileDigest } from '../report/model.ts'

/**
 * The one rule for a data file's digest: it is of the size the file had when the dataset was opened,
 * or the file changed while it was read and nothing read from it can be trusted (an error naming it).
 */
export function checkedDigest(source: DataSource, digest: { bytes: number; sha256: string }): FileDigest {
  if (digest.bytes !== source.bytes)
    throw new ConfigurationError(`${source.path}: the file changed while it was read (${source.bytes} bytes, then ${digest.bytes}); read it again once it is complete.`)
  return { path: source.path, bytes: digest.bytes, sha256: digest.sha256 }
}

/**
 * The digests of a dataset's files, each computed once, in one of two ways: from the bytes a row
 * reader reads (`reading`), or in slices on this thread between other work while worker threads read
 * the files (`inBackground`). A file neither way covers is hashed on its own when asked for.
 */
export class SourceDigests {
  private background: BackgroundDigests | undefined
  private readonly known: (FileDigest | undefined)[]

  constructor(
    private readonly sources: DataSource[],
    private readonly cwd: string,
    private readonly role: string,
  ) {
    this.known = sources.map(() => undefined)
  }

  /** Starts hashing every file in slices (`now`: at once; otherwise at `start()`); false when that was already set up. */
  inBackground(now: boolean): boolean {
    if (this.background || this.known.every(Boolean)) return false
    this.background = new BackgroundDigests(
      this.sources.map((s) => absolutePath(s.path, this.cwd)),
      now,
    )
    return true
  }

  /** Begins the background hashing set up by `inBackground(false)`. */
  start(): void {
    this.background?.start()
  }

  /**
   * Says the digests are wanted as soon as possible: the background hashing then takes every turn of
   * the event loop. Until then it only advances when other work wakes this thread (an unreferenced
   * immediate does not keep the loop from blocking in its poll), which leaves most of a file to hash
   * after a scan on worker threads has finished.
   */
  wanted(): void {
    void this.background?.wait()
  }

  /** Gives the background hashing up (its reader failed; another reads the files). */
  abandon(): void {
    this.background?.stop()
    this.background = undefined
  }

  /** A hash to feed with the bytes of file `index` as a row reader reads them, or undefined when its digest is already known. */
  reading(index: number): { update: (b: Uint8Array) => void; done: () => void } | undefined {
    if (this.known[index] || this.background || this.sources[index].format === 'parquet') return undefined
    const hash: Hash = createHash('sha256')
    let bytes = 0
    return {
      update: (b) => {
        hash.update(b)
        bytes += b.length
      },
      done: () => {
        this.known[index] = checkedDigest(this.sources[index], { bytes, sha256: hash.digest('hex') })
      },
    }
  }

  /** The digest of file `index` (rejects naming the file when it changed while it was read). */
  async file(index: number): Promise<FileDigest> {
    const known = this.known[index]
    if (known) return known
    const source = this.sources[index]
    const path = absolutePath(source.path, this.cwd)
    const computed = (await this.background?.wait())?.[index] ?? (await sha256File(path, `${this.role} file`))
    return (this.known[index] = checkedDigest(source, computed))
  }

  /** Every file's digest, in order. */
  all(): Promise<FileDigest[]> {
    return Promise.all(this.sources.map((_, i) => this.file(i)))
  }
}
