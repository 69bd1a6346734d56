import type { Alert } from '../alerts/model'
import { LEVEL_ORDER } from '../alerts/normalize'
import { truncateUtf8, utf8Length } from '../templates/bytes'
import { escapeValue } from '../templates/escape'
import type { MessageFormat } from '../templates/formats'
import { renderTemplate } from '../templates/render'

export interface DigestInput {
  alert: Alert
  /** Repeats folded into this alert since its last message. */
  repeats: number
  firstRepeatAt?: number
}

export interface BuiltMessage {
  content: string
  /** How many of the inputs, from the front, the message carries. */
  count: number
  kind: 'alone' | 'digest'
  truncated: boolean
}

const hhmm = (ms: number) => {
  const d = new Date(ms)
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
}

function repeatLine(item: DigestInput, format: MessageFormat): string {
  if (!item.repeats) return ''
  const text = `Repeated ${item.repeats} time${item.repeats === 1 ? '' : 's'}${item.firstRepeatAt ? ` since ${hhmm(item.firstRepeatAt)}` : ''}`
  if (format === 'markdown') return `\n<font color="comment">${text}</font>`
  if (format === 'markdown_v2') return `\n*${text}*`
  return `\n${text}`
}

/**
 * A resolved alert must not read like a firing one: when the template does not show the status
 * itself, a "Resolved" line leads the message.
 */
function resolvedLine(item: DigestInput, template: string, format: MessageFormat): string {
  if (item.alert.status !== 'resolved' || /\$\{(alarm_status|alarm_resolved_at)\b/.test(template))
    return ''
  const at = item.alert.vars.alarm_resolved_at
    ? ` at ${escapeValue(item.alert.vars.alarm_resolved_at, format)}`
    : ''
  if (format === 'markdown') return `<font color="info">✅ Resolved${at}</font>\n`
  if (format === 'markdown_v2') return `✅ **Resolved${at}**\n`
  return `[Resolved${at}]\n`
}

/** The alert rendered with the channel's own template, plus its status and repeat count. */
export function renderFull(item: DigestInput, template: string, format: MessageFormat): string {
  const vars = { ...item.alert.vars, alarm_repeat_count: String(item.repeats) }
  return (
    resolvedLine(item, template, format) +
    renderTemplate(
      template,
      { vars, labels: item.alert.labels, annotations: item.alert.annotations },
      format,
    ) +
    repeatLine(item, format)
  )
}

/** One line per alert, for digests where the full template does not fit. */
export function renderCompact(item: DigestInput, format: MessageFormat): string {
  const v = item.alert.vars
  const e = (s: string | undefined) => escapeValue(s ?? '', format)
  const resolved =
    item.alert.status === 'resolved' ? (format === 'text' ? '[resolved] ' : '✅ ') : ''
  const parts = [v.alarm_name, v.alarm_target, v.alarm_summary].filter(Boolean).map(e).join(' · ')
  const level = v.alarm_level ? `[${e(v.alarm_level)}] ` : ''
  const repeats = item.repeats ? ` (×${item.repeats + 1})` : ''
  return `- ${resolved}${level}${parts}${repeats}`
}

function header(items: DigestInput[], format: MessageFormat): string {
  const counts = new Map<string, number>()
  let resolved = 0
  for (const i of items) {
    if (i.alert.status === 'resolved') resolved++
    else
      counts.set(
        i.alert.vars.alarm_level || 'unknown',
        (counts.get(i.alert.vars.alarm_level || 'unknown') ?? 0) + 1,
      )
  }
  const order = [
    ...LEVEL_ORDER,
    ...[...counts.keys()].filter((l) => !(LEVEL_ORDER as readonly string[]).includes(l)),
  ]
  const parts = order.filter((l) => counts.has(l)).map((l) => `${counts.get(l)} ${l}`)
  if (resolved) parts.push(`${resolved} resolved`)
  const title = `${items.length} alerts: ${parts.join(', ')}`
  if (format === 'markdown') return `### <font color="warning">${title}</font>`
  if (format === 'markdown_v2') return `### ${title}`
  return `【${title}】`
}

const SEPARATOR: Record<MessageFormat, string> = {
  text: '\n\n',
  markdown: '\n\n',
  markdown_v2: '\n\n---\n\n',
}

/**
 * The next message for a queue: a lone alert with its full template, or a digest of queued alerts
 * in order, within the byte limit. When everything waiting fits with full templates (then compact
 * lines), that is what goes: detail for a handful of alerts. When a backlog would remain anyway,
 * the digest is compact lines only, the densest form, so that a storm clears in the fewest
 * messages. Splits only at alert boundaries; the first alert is always included (cut if it must be).
 */
export function buildNext(
  items: readonly DigestInput[],
  template: string,
  format: MessageFormat,
  limit: number,
): BuiltMessage {
  if (!items.length) throw new Error('buildNext needs at least one item')
  const alone = (): BuiltMessage => {
    const t = truncateUtf8(renderFull(items[0]!, template, format), limit)
    return { content: t.text, count: 1, kind: 'alone', truncated: t.truncated }
  }
  if (items.length === 1) return alone()
  let best = pack(items, template, format, limit, false)
  if (best.count < items.length) {
    const dense = pack(items, template, format, limit, true)
    if (dense.count > best.count) best = dense
  }
  return best.count <= 1 ? alone() : best
}

/** Packs items into one digest: full blocks while they fit (unless `compactOnly`), compact lines after. */
function pack(
  items: readonly DigestInput[],
  template: string,
  format: MessageFormat,
  limit: number,
  compactOnly: boolean,
): BuiltMessage {
  const sep = SEPARATOR[format]
  const parts: string[] = []
  let compact = compactOnly
  let used = 0
  for (const item of items) {
    const headBytes = utf8Length(header(items.slice(0, parts.length + 1), format)) + utf8Length(sep)
    let block: string | undefined
    if (!compact) {
      const full = renderFull(item, template, format)
      if (utf8Length(full) + used + headBytes + (parts.length ? utf8Length(sep) : 0) <= limit)
        block = (parts.length ? sep : '') + full
      else compact = true
    }
    block ??= (parts.length ? '\n' : '') + renderCompact(item, format)
    const bytes = utf8Length(block)
    if (used + bytes + headBytes > limit) break
    parts.push(block)
    used += bytes
  }
  return {
    content: `${header(items.slice(0, parts.length), format)}${sep}${parts.join('')}`,
    count: parts.length,
    kind: 'digest',
    truncated: false,
  }
}
