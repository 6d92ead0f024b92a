import type { RowHandler } from '../io/records.ts'
import type { Row } from '../io/row.ts'
import { ColumnAccumulator } from './column.ts'
import type { KeyHashes } from './keys.ts'
import type { ProfileColumn } from './model.ts'

/** A row handler that feeds each column's accumulator by name, whatever order or subset of columns each file has. */
export class Accumulators {
  readonly columns = new Map<string, ColumnAccumulator>()
  rows = 0
  private slots: [ColumnAccumulator, number][] = []
  /** Cells in the current file's header (keyed records append to it). */
  private width = 0

  constructor(
    private readonly edges: Map<string, Float64Array>,
    private readonly cap: number,
    private readonly text: Set<string>,
    private readonly keys: KeyHashes | undefined,
  ) {}

  private column(name: string): ColumnAccumulator {
    let c = this.columns.get(name)
    if (!c) {
      c = new ColumnAccumulator(name, this.edges.get(name), this.cap, this.text.has(name))
      c.absent(this.rows)
      this.columns.set(name, c)
    }
    return c
  }

  /** Every column's profile, its cells filled up to the rows read (a column some file lacked is missing there). */
  results(): ProfileColumn[] {
    return [...this.columns.values()].map((c) => {
      c.absent(this.rows - c.rows)
      return c.result()
    })
  }

  handler(): RowHandler {
    return {
      header: (names) => {
        const at = new Map(names.map((n, i) => [n, i]))
        for (const n of names) this.column(n)
        this.slots = [...this.columns.values()].map((c) => [c, at.get(c.name) ?? -1])
        this.width = names.length
        this.keys?.header(names)
      },
      newColumns: (names) => {
        for (const [i, n] of names.entries()) {
          const c = this.column(n)
          const slot = this.slots.find(([s]) => s === c)
          if (slot) slot[1] = this.width + i
          else this.slots.push([c, this.width + i])
        }
        this.width += names.length
        this.keys?.header(
          this.slots
            .filter(([, j]) => j >= 0)
            .sort((a, b) => a[1] - b[1])
            .map(([c]) => c.name),
        )
      },
      row: (row: Row) => {
        this.rows++
        for (const [c, j] of this.slots) c.add(row, j)
        this.keys?.add(row)
      },
    }
  }
}
