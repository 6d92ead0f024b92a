// Self-contained HTML: inline CSS and SVG, no scripts, nothing fetched from elsewhere.

export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

const HTML_STYLE = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1100px;color:#1f2328;padding:0 16px}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #d0d7de;padding-bottom:4px}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0;width:100%}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}
.pass{color:#1a7f37}.warn{color:#9a6700}.fail{color:#cf222e}.badge{display:inline-block;padding:2px 8px;border-radius:10px;font-weight:600;background:#f6f8fa}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}.muted{color:#57606a}figure{margin:8px 0}`

/** Paired bar chart of reference and current shares. */
export function barChartSvg(title: string, labels: string[], reference: number[], current: number[]): string {
  const w = 720
  const h = 220
  const pad = { l: 40, r: 10, t: 24, b: 60 }
  const n = Math.max(labels.length, 1)
  const max = Math.max(...reference, ...current, 0.0001)
  const slot = (w - pad.l - pad.r) / n
  const bw = Math.max(2, slot / 2 - 2)
  const y = (v: number) => pad.t + (h - pad.t - pad.b) * (1 - v / max)
  const bars = labels
    .map((label, i) => {
      const x = pad.l + i * slot
      const r = `<rect class="ref" x="${(x + 1).toFixed(1)}" y="${y(reference[i]).toFixed(1)}" width="${bw.toFixed(1)}" height="${(h - pad.b - y(reference[i])).toFixed(1)}" fill="#8c959f"><title>${escapeHtml(label)} reference ${(reference[i] * 100).toFixed(2)}%</title></rect>`
      const c = `<rect class="cur" x="${(x + 1 + bw).toFixed(1)}" y="${y(current[i]).toFixed(1)}" width="${bw.toFixed(1)}" height="${(h - pad.b - y(current[i])).toFixed(1)}" fill="#0969da"><title>${escapeHtml(label)} current ${(current[i] * 100).toFixed(2)}%</title></rect>`
      const t = `<text x="${(x + slot / 2).toFixed(1)}" y="${h - pad.b + 12}" font-size="10" text-anchor="end" transform="rotate(-35 ${(x + slot / 2).toFixed(1)} ${h - pad.b + 12})">${escapeHtml(label.slice(0, 18))}</text>`
      return r + c + t
    })
    .join('')
  const axis = `<line x1="${pad.l}" y1="${h - pad.b}" x2="${w - pad.r}" y2="${h - pad.b}" stroke="#57606a"/><text x="4" y="${pad.t + 4}" font-size="10">${(max * 100).toFixed(1)}%</text>`
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><text x="${pad.l}" y="14" font-size="12" font-weight="600">${escapeHtml(title)}</text>${axis}${bars}</svg><figcaption class="legend"><span style="background:#8c959f"></span>reference<span style="background:#0969da"></span>current</figcaption></figure>`
}

export function htmlPage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${HTML_STYLE}</style></head><body>${body}</body></html>\n`
}

export function htmlTable(header: string[], rows: unknown[][]): string {
  return `<table><thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
}
