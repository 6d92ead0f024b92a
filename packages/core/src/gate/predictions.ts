import { ConfigurationError } from '../errors.ts'
import { readTable } from '../dataset/index.ts'
import type { Column, Table } from '../table/types.ts'
import type { Predictions } from './metrics.ts'

export type TaskType = 'auto' | 'binary' | 'multiclass' | 'regression'

const PROBA = /^(?:proba?|prob|p|score|y_score|y_proba)_(.+)$/

function column(t: Table, names: string[]): Column | undefined {
  return t.columns.find((c) => names.includes(c.name))
}

function textValues(c: Column): string[] {
  if (c.type === 'numeric') return Array.from(c.values, (v) => (Number.isNaN(v) ? '' : String(v)))
  return Array.from(c.codes, (k) => (k < 0 ? '' : c.dictionary[k]))
}

function numbers(c: Column, file: string): Float64Array {
  if (c.type !== 'numeric') throw new ConfigurationError(`${file}: column '${c.name}' must hold numbers.`)
  const missing = c.values.findIndex((v) => Number.isNaN(v))
  if (missing >= 0) throw new ConfigurationError(`${file} row ${missing + 1}: '${c.name}' is empty; every evaluation row needs a value.`)
  return c.values
}

/** Positive class of a binary problem: 1, true or yes when present; otherwise the second label in sorted order. */
function binaryClasses(labels: string[]): string[] {
  const set = [...new Set(labels)].sort()
  for (const pos of ['1', 'true', 'True', 'yes', '1.0']) if (set.includes(pos)) return [set.find((s) => s !== pos) ?? '0', pos]
  return set.length === 1 ? [set[0] === '0' ? set[0] : '0', set[0] === '0' ? '1' : set[0]] : set
}

/** Reads a predictions file (y_true plus y_pred and/or y_score / proba_<class> columns) into typed arrays. */
export async function readPredictions(path: string, cwd: string, type: TaskType, role: string): Promise<{ predictions: Predictions; table: Table }> {
  const t = await readTable(path, { cwd, role })
  if (t.rowCount === 0) throw new ConfigurationError(`The ${role} '${path}' have no rows (only a header); every metric needs evaluation rows.`)
  const yTrue = column(t, ['y_true', 'label', 'target', 'actual'])
  if (!yTrue) throw new ConfigurationError(`${path}: no y_true column; columns are ${t.columns.map((c) => c.name).join(', ')}.`)
  const yPred = column(t, ['y_pred', 'prediction', 'predicted'])
  const yScore = column(t, ['y_score', 'score', 'probability', 'proba'])
  const probaCols = t.columns.filter((c) => PROBA.test(c.name) && c !== yScore)
  const kind = resolveType(type, yTrue, yScore, probaCols)
  if (kind === 'regression') {
    if (!yPred) throw new ConfigurationError(`${path}: regression needs a y_pred column.`)
    return { predictions: { kind, yTrue: numbers(yTrue, path), yPred: numbers(yPred, path) }, table: t }
  }
  const truth = textValues(yTrue)
  const unlabeled = truth.indexOf('')
  if (unlabeled >= 0) throw new ConfigurationError(`${path} row ${unlabeled + 1}: '${yTrue.name}' is empty; every evaluation row needs a label.`)
  const predicted = yPred ? textValues(yPred) : undefined
  let classes =
    kind === 'binary'
      ? binaryClasses([...truth, ...(predicted ?? [])].filter((s) => s !== ''))
      : [...new Set([...truth, ...(predicted ?? []), ...probaCols.map((c) => PROBA.exec(c.name)![1])])].filter((s) => s !== '').sort((a, b) => Number(a) - Number(b) || a.localeCompare(b))
  if (kind === 'multiclass' && probaCols.length) classes = probaCols.map((c) => PROBA.exec(c.name)![1])
  if (kind === 'binary' && classes.length > 2)
    throw new ConfigurationError(`${path}: task-type binary, but the labels hold ${classes.length} classes (${classes.slice(0, 6).join(', ')}); use task-type multiclass.`)
  const index = new Map(classes.map((c, i) => [c, i]))
  const codeOf = (s: string, what: string, row: number) => {
    const i = index.get(s)
    if (i === undefined) throw new ConfigurationError(`${path} row ${row + 1}: ${what} '${s}' is not one of the classes ${classes.join(', ')}.`)
    return i
  }
  const y = Int32Array.from(truth, (s, i) => codeOf(s, 'label', i))
  let pred = predicted ? Int32Array.from(predicted, (s, i) => (s === '' ? -1 : codeOf(s, 'prediction', i))) : undefined
  if (kind === 'binary') {
    const score = yScore ? numbers(yScore, path) : probaCols.length ? numbers(probaCols.find((c) => PROBA.exec(c.name)![1] === classes[1]) ?? probaCols[probaCols.length - 1], path) : undefined
    if (!pred && score) pred = Int32Array.from(score, (s) => (s >= 0.5 ? 1 : 0))
    if (!pred) throw new ConfigurationError(`${path}: needs y_pred or y_score.`)
    return { predictions: { kind, classes, yTrue: y, yPred: pred, score }, table: t }
  }
  const k = classes.length
  let proba: Float64Array | undefined
  if (probaCols.length) {
    proba = new Float64Array(y.length * k)
    probaCols.forEach((c, j) => {
      const v = numbers(c, path)
      for (let i = 0; i < y.length; i++) proba![i * k + j] = v[i]
    })
    if (!pred)
      pred = Int32Array.from({ length: y.length }, (_, i) => {
        let best = 0
        for (let j = 1; j < k; j++) if (proba![i * k + j] > proba![i * k + best]) best = j
        return best
      })
  }
  if (!pred) throw new ConfigurationError(`${path}: needs y_pred or proba_<class> columns.`)
  return { predictions: { kind, classes, yTrue: y, yPred: pred, proba }, table: t }
}

function resolveType(type: TaskType, yTrue: Column, yScore: Column | undefined, probaCols: Column[]): Exclude<TaskType, 'auto'> {
  if (type !== 'auto') return type
  if (yTrue.type === 'categorical') return new Set(yTrue.codes).size - (yTrue.codes.includes(-1) ? 1 : 0) <= 2 && probaCols.length <= 2 ? 'binary' : 'multiclass'
  const distinct = new Set(yTrue.values)
  if (!yTrue.integer || distinct.size > 20) return 'regression'
  if (distinct.size <= 2 && probaCols.length <= 2) return 'binary'
  return yScore && distinct.size <= 2 ? 'binary' : 'multiclass'
}
