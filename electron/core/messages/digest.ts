import { LEVEL_ORDER } from '../alerts/levels'
import type { Alert } from '../alerts/model'
import { truncateUtf8, utf8Length } from '../templates/bytes'
import { templateFor } from '../templates/defaults'
import { escapeValue } from '../templates/escape'
import type { MessageFormat } from '../templates/formats'
import { renderTemplate } from '../templates/render'
import { displayContext, type DisplayOptions } from './display'
import { resolveTimeZone, timeOfDay } from '../time/time-zone'
import { wordOr, wordsFor } from './words'

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
  /** A lone alert cut to the limit: what was cut (the studio shows it). */
  cut?: string
}

/** How a channel renders: its language, the user's time zone, "now". */
export type ComposeOptions = DisplayOptions

function repeatLine(item: DigestInput, format: MessageFormat, opts: ComposeOptions): string {
  if (!item.repeats) return ''
  const w = wordsFor(opts.language)
  const text = w.repeated(
    item.repeats,
    item.firstRepeatAt ? timeOfDay(item.firstRepeatAt, resolveTimeZone(opts.timeZone)) : undefined,
  )
  if (format === 'markdown') return `\n<font color="comment">${text}</font>`
  return `\n${text}`
}

/**
 * Whether it is over must never be left to guess: when the template does not show the status
 * itself (the OCP preset, most hand-written ones), a status line leads the message.
 */
function statusLine(
  item: DigestInput,
  template: string,
  format: MessageFormat,
  opts: ComposeOptions,
  at: string | undefined,
): string {
  if (/\$\{(alarm_status|alarm_status_title|alarm_status_text)\b/.test(template)) return ''
  const w = wordsFor(opts.language)
  if (item.alert.status === 'firing') {
    if (format === 'markdown') return `<font color="warning">${w.firingTitle}</font>\n`
    if (format === 'markdown_v2') return `**${w.firingTitle}**\n`
    return `${w.firingTitle}\n`
  }
  if (/\$\{alarm_resolved_at\b/.test(template) && at) return ''
  const text = w.resolvedAt(at ? escapeValue(at, format) : undefined)
  if (format === 'markdown') return `<font color="info">✅ ${text}</font>\n`
  if (format === 'markdown_v2') return `✅ **${text}**\n`
  return `✅ ${text}\n`
}

/** The alert rendered with the channel's template (or its sender's default), status and repeats. */
export function renderFull(
  item: DigestInput,
  template: string,
  format: MessageFormat,
  opts: ComposeOptions = {},
): string {
  const tpl = templateFor({ template, format, language: opts.language }, item.alert.source)
  const ctx = displayContext(item.alert, opts)
  ctx.vars = { ...ctx.vars, alarm_repeat_count: String(item.repeats) }
  return (
    statusLine(item, tpl, format, opts, ctx.vars.alarm_resolved_at as string | undefined) +
    renderTemplate(tpl, ctx, format) +
    repeatLine(item, format, opts)
  )
}

/** One line per alert, for digests where the full template does not fit. */
export function renderCompact(
  item: DigestInput,
  format: MessageFormat,
  opts: ComposeOptions = {},
): string {
  const w = wordsFor(opts.language)
  const ctx = displayContext(item.alert, opts).vars
  const e = (s: unknown) => escapeValue(typeof s === 'string' ? s : '', format)
  const resolved = item.alert.status === 'resolved' ? '✅ ' : ''
  const parts = [ctx.alarm_name, ctx.alarm_target, ctx.alarm_summary || ctx.alarm_facts]
    .filter((s) => typeof s === 'string' && s.trim())
    .map(e)
    .join(w.separator)
  const level = ctx.alarm_level_text ? `[${e(ctx.alarm_level_text)}] ` : ''
  const repeats = item.repeats ? ` (×${item.repeats + 1})` : ''
  return `- ${resolved}${level}${parts}${repeats}`
}

function header(
  items: readonly DigestInput[],
  format: MessageFormat,
  opts: ComposeOptions,
): string {
  const w = wordsFor(opts.language)
  const counts = new Map<string, number>()
  let resolved = 0
  for (const i of items) {
    if (i.alert.status === 'resolved') resolved++
    else {
      const l = i.alert.vars.alarm_level || w.unknownLevel
      counts.set(l, (counts.get(l) ?? 0) + 1)
    }
  }
  const order = [
    ...LEVEL_ORDER,
    ...[...counts.keys()].filter((l) => !(LEVEL_ORDER as readonly string[]).includes(l)),
  ]
  // A level the sender invented is a value: neutralised like any other.
  const parts = order
    .filter((l) => counts.has(l))
    .map((l) => `${counts.get(l)} ${escapeValue(wordOr(w.levels, l), format)}`)
  if (resolved) parts.push(w.resolvedCount(resolved))
  const title = `${w.alerts(items.length)}${w.colon}${parts.join(w.comma)}`
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
  opts: ComposeOptions = {},
): BuiltMessage {
  if (!items.length) throw new Error('buildNext needs at least one item')
  const alone = (): BuiltMessage => {
    const marker = wordsFor(opts.language).truncated
    const t = truncateUtf8(renderFull(items[0]!, template, format, opts), limit, marker)
    return { content: t.text, count: 1, kind: 'alone', truncated: t.truncated, cut: t.cut }
  }
  if (items.length === 1) return alone()
  let best = pack(items, template, format, limit, false, opts)
  if (best.count < items.length) {
    const dense = pack(items, template, format, limit, true, opts)
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
  opts: ComposeOptions,
): BuiltMessage {
  const sep = SEPARATOR[format]
  const parts: string[] = []
  let compact = compactOnly
  let used = 0
  for (const item of items) {
    const headBytes =
      utf8Length(header(items.slice(0, parts.length + 1), format, opts)) + utf8Length(sep)
    let block: string | undefined
    if (!compact) {
      const full = renderFull(item, template, format, opts)
      if (utf8Length(full) + used + headBytes + (parts.length ? utf8Length(sep) : 0) <= limit)
        block = (parts.length ? sep : '') + full
      else compact = true
    }
    block ??= (parts.length ? '\n' : '') + renderCompact(item, format, opts)
    const bytes = utf8Length(block)
    if (used + bytes + headBytes > limit) break
    parts.push(block)
    used += bytes
  }
  return {
    content: `${header(items.slice(0, parts.length), format, opts)}${sep}${parts.join('')}`,
    count: parts.length,
    kind: 'digest',
    truncated: false,
  }
}
