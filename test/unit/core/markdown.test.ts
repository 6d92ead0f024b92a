import { describe, expect, it } from 'vitest'
import { cell, table } from '../../../packages/core/src/report/markdown.ts'

describe('markdown table cells', () => {
  it('data never becomes markup: pipes, line breaks and tags are escaped; the <br> a table puts in stays', () => {
    expect(cell('<b>x</b> | y\nz')).toBe('&lt;b>x&lt;/b> \\| y z')
    expect(cell('a<br>b')).toBe('a<br>b')
    expect(cell('<script>alert(1)</script>')).not.toContain('<script')
    expect(table(['value'], [['<img src=x onerror=alert(1)>']])).toBe('| value |\n| --- |\n| &lt;img src=x onerror=alert(1)> |')
  })
})
