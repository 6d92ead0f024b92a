import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Classification, Regression } from '../../../packages/core/src/gate/metrics.ts'
import { readPredictions } from '../../../packages/core/src/gate/predictions.ts'

const dir = mkdtempSync(join(tmpdir(), 'mlgate-pred-'))
function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text)
  return name
}

describe('predictions files', () => {
  it('binary: string labels, positive class named yes, y_pred from y_score when absent', async () => {
    const { predictions } = await readPredictions(file('b.csv', 'y_true,y_score\nno,0.2\nyes,0.7\nyes,0.4\nno,0.9\n'), dir, 'auto', 'candidate predictions')
    const p = predictions as Classification
    expect(p.kind).toBe('binary')
    expect(p.classes).toEqual(['no', 'yes'])
    expect([...p.yTrue]).toEqual([0, 1, 1, 0])
    expect([...p.yPred!]).toEqual([0, 1, 0, 1])
  })

  it('multiclass from proba_<class> columns (JSONL), predicted class = argmax', async () => {
    const rows = [
      { y_true: 'cat', proba_cat: 0.7, proba_dog: 0.2, proba_eel: 0.1 },
      { y_true: 'eel', proba_cat: 0.1, proba_dog: 0.3, proba_eel: 0.6 },
      { y_true: 'dog', proba_cat: 0.5, proba_dog: 0.4, proba_eel: 0.1 },
    ]
    const { predictions } = await readPredictions(file('m.jsonl', rows.map((r) => JSON.stringify(r)).join('\n') + '\n'), dir, 'auto', 'candidate predictions')
    const p = predictions as Classification
    expect(p.kind).toBe('multiclass')
    expect(p.classes).toEqual(['cat', 'dog', 'eel'])
    expect([...p.yPred!]).toEqual([0, 2, 0])
    expect(p.proba!.length).toBe(9)
  })

  it('regression from real-valued y_true', async () => {
    const { predictions } = await readPredictions(file('r.csv', 'y_true,y_pred\n1.5,1.4\n2.25,2.5\n'), dir, 'auto', 'candidate predictions')
    expect(predictions.kind).toBe('regression')
    expect([...(predictions as Regression).yPred]).toEqual([1.4, 2.5])
  })

  it('names what is missing in one sentence', async () => {
    await expect(readPredictions(file('x.csv', 'truth,y_pred\n1,1\n'), dir, 'auto', 'candidate predictions')).rejects.toThrow('x.csv: no y_true column; columns are truth, y_pred.')
    await expect(readPredictions(file('e.csv', 'y_true,y_score\n1,0.3\n0,\n'), dir, 'auto', 'candidate predictions')).rejects.toThrow(
      "e.csv row 2: 'y_score' is empty; every evaluation row needs a value.",
    )
    await expect(readPredictions(file('l.csv', 'y_true,y_pred\na,a\n,b\n'), dir, 'auto', 'candidate predictions')).rejects.toThrow(
      "l.csv row 2: 'y_true' is empty; every evaluation row needs a label.",
    )
    await expect(readPredictions(file('y.csv', 'y_true,y_pred\na,b\na,z\n'), dir, 'binary', 'candidate predictions')).rejects.toThrow(
      'y.csv: task-type binary, but the labels hold 3 classes (a, b, z); use task-type multiclass.',
    )
  })
})
