import { readRows } from '../io/records.ts'
import type { DataSource } from '../io/sources.ts'
import { hasLeadingZero, numberOfWord } from './profile.ts'

/** What the first rows of a dataset tell before it is read. */
export interface DataHead {
  /** Every column of the first file, read or not (of JSON and JSON Lines: the keys of its first HEAD_ROWS records). */
  names: string[]
  /** Columns with a number written with a leading zero ("01001") in the first rows: codes, to be read as written. */
  leadingZero: string[]
}

/** Rows looked at for leading zeros: the first ones decide, as they decide a column's type for the readers. */
const HEAD_ROWS = 1000

/** The header and first rows of a dataset's first file. */
export async function readHead(source: DataSource, cwd: string): Promise<DataHead> {
  let names: string[] = []
  const zero = new Set<number>()
  let rows = 0
  const stop = new Error('head read')
  try {
    await readRows(
      source,
      {
        header: (n) => {
          names = n
        },
        // keyed records (JSON, JSON Lines) add the keys their first record lacks as they appear
        newColumns: (added) => {
          names = [...names, ...added]
        },
        row: (row) => {
          for (let j = 0; j < row.count; j++) if (!zero.has(j) && !row.isEmpty(j) && isCode(row.text(j))) zero.add(j)
          if (++rows >= HEAD_ROWS) throw stop
        },
      },
      { cwd },
    )
  } catch (e) {
    if (e !== stop) throw e
  }
  return { names, leadingZero: [...zero].map((j) => names[j]).filter((n) => n !== undefined) }
}

function isCode(text: string): boolean {
  return hasLeadingZero(text) && numberOfWord(text) !== undefined
}
