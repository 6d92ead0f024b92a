import { deflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { unzip } from '../../../packages/github/src/artifacts.ts'
import { parseMetrics } from '../../../packages/core/src/gate/sources.ts'

/** A zip archive whose entries are deflated (method 8), as GitHub serves artifacts. */
function zipDeflated(files: Record<string, string>): Buffer {
  const parts: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const [name, text] of Object.entries(files)) {
    const raw = Buffer.from(text)
    const data = deflateRawSync(raw)
    const n = Buffer.from(name)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(raw.length, 22)
    local.writeUInt16LE(n.length, 26)
    const c = Buffer.alloc(46)
    c.writeUInt32LE(0x02014b50, 0)
    c.writeUInt16LE(8, 10)
    c.writeUInt32LE(data.length, 20)
    c.writeUInt32LE(raw.length, 24)
    c.writeUInt16LE(n.length, 28)
    c.writeUInt32LE(offset, 42)
    parts.push(local, n, data)
    central.push(c, n)
    offset += 30 + n.length + data.length
  }
  const cd = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(central.length / 2, 8)
  end.writeUInt16LE(central.length / 2, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...parts, cd, end])
}

describe('metric sources', () => {
  it('DVC metrics files and nested YAML flatten to dotted names', () => {
    expect([...parseMetrics('train:\n  loss: 0.31\neval:\n  auc: 0.93\n  per_class: [1, 2]\nname: fraud\n', 'metrics.yaml')]).toEqual([
      ['train.loss', 0.31],
      ['eval.auc', 0.93],
    ])
  })

  it('CSV without a header and with one', () => {
    expect([...parseMetrics('accuracy,0.9\nf1,0.8', 'm.csv')]).toEqual([
      ['accuracy', 0.9],
      ['f1', 0.8],
    ])
    expect(() => parseMetrics('name,value\naccuracy,high\n', 'm.csv')).toThrow("m.csv line 2: expected 'name,value', got 'accuracy,high'.")
  })

  it('a file without numbers is one clear sentence', () => {
    expect(() => parseMetrics('{"model": "fraud"}', "candidate 'm.json'")).toThrow("No numeric metrics found in candidate 'm.json'.")
    expect(() => parseMetrics('', "candidate 'm.json'")).toThrow("The metrics in candidate 'm.json' are empty.")
  })
})

describe('artifact zip reader', () => {
  it('inflates deflated entries and keeps their names', () => {
    const body = JSON.stringify({ accuracy: 0.91, notes: 'x'.repeat(2000) })
    const entries = unzip(zipDeflated({ 'metrics.json': body, 'sub/extra.txt': 'hello' }))
    expect([...entries.keys()]).toEqual(['metrics.json', 'sub/extra.txt'])
    expect(entries.get('metrics.json')!.toString()).toBe(body)
    expect(entries.get('sub/extra.txt')!.toString()).toBe('hello')
  })

  it('rejects what is not a zip archive', () => {
    expect(() => unzip(Buffer.from('not a zip at all, not even close'))).toThrow('The artifact is not a zip archive.')
  })
})

describe('MLflow answers', () => {
  it('metric values NaN and Infinity, as MLflow writes them, stay NaN and Infinity', async () => {
    const { parseAnswer } = await import('../../../packages/core/src/gate/mlflow.ts')
    const doc = parseAnswer('{"run": {"data": {"metrics": [{"key": "auc", "value": NaN}, {"key": "loss", "value": Infinity}, {"key": "f1", "value": 0.5}]}}}', '/api/2.0/mlflow/runs/get?run_id=1') as {
      run: { data: { metrics: { key: string; value: unknown }[] } }
    }
    expect(doc.run.data.metrics.map((m) => Number(m.value))).toEqual([NaN, Infinity, 0.5])
    expect(() => parseAnswer('<html>proxy error</html>', '/api/2.0/mlflow/runs/get?run_id=1')).toThrow(
      'MLflow answered /api/2.0/mlflow/runs/get with something that is not JSON: <html>proxy error</html>',
    )
  })
})
