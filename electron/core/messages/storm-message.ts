import { utf8Length } from '../templates/bytes'
import type { TemplateLanguage } from '../templates/defaults'
import { escapeValue } from '../templates/escape'
import type { MessageFormat } from '../templates/formats'
import {
  foldTargets,
  groupStorm,
  type AlikeAlerts,
  type StormAlert,
  type StormGroup,
  type StormPicture,
} from './storm-groups'
import { stormWordsFor } from './storm-words'
import { buildMessages, type OutgoingMessage } from '../channels/wecom/body'
import { wordOr, wordsFor } from './words'

/**
 * The storm summary (pure): one message that names or counts every alert of a backlog, grouped
 * by name (or the channel's grouping label), most severe first, within the byte limit. It is
 * composed in a WeCom format like every message (`compose.ts`); other channel types carry the
 * same content in their own body.
 */

export interface StormSummaryInput {
  /**
   * Every alert of the storm so far (a resolution in place of the alert it resolves): each summary
   * restates the whole picture, so the latest alone is complete (#23).
   */
  alerts?: readonly StormAlert[]
  /** The storm's picture kept up to date as alerts came (in place of `alerts`; `groupBy` is its own). */
  picture?: StormPicture
  /**
   * Alerts of the storm still waiting in the outbox on disk, counted alike by `count` (never read
   * one by one): named and counted with the rest.
   */
  waiting?: readonly AlikeAlerts[]
  format: MessageFormat
  language?: TemplateLanguage
  /** The byte limit of the content. */
  limit: number
  /** The label (or variable) to group by; empty: the alert name. */
  groupBy?: string
  /** Whether per-alert details follow, or are held back during the storm. */
  details: 'follow' | 'held'
  /** The History page filtered to this storm, when the window is reachable. */
  historyLink?: string
  /**
   * Which summary of the storm: its first, an update (`added`: alerts new since the last one), or
   * the closing message once the storm is over.
   */
  phase?: 'first' | 'update' | 'over'
  added?: number
  /** Who to @mention (the storm's first summary: the people on call must hear of it at once). */
  mentionMobiles?: readonly string[]
  mentionUserIds?: readonly string[]
}

export interface StormSummary {
  content: string
  /** The first line's words without markup: DingTalk's and Feishu's title, HTTP's alarm_name. */
  title: string
  groups: StormGroup[]
  /** Groups with a line of their own; the rest are counted on the last line. */
  named: number
  /** Alerts named in a line or counted on the last line: always every alert given and waiting. */
  accounted: number
  /** Of those, the ones still firing (what a mention follow-up counts). */
  firing: number
}

/** Targets shown per line before "+N more". */
const TARGETS_PER_LINE = 3

function line(g: StormGroup, format: MessageFormat, language?: TemplateLanguage): string {
  const w = wordsFor(language)
  const s = stormWordsFor(language)
  // Clipped before escaping: one line must never take the room every other group needs.
  const e = (v: string, max = 60) => escapeValue(clip(v, max), format)
  const name = e(g.name || s.noName, 120)
  const bold = format === 'text' ? name : `**${name}**`
  const level = g.level ? ` [${e(wordOr(w.levels, g.level))}]` : ''
  const states = [g.firing ? s.firing(g.firing) : '', g.resolved ? s.resolved(g.resolved) : '']
    .filter(Boolean)
    .join(s.comma)
  const folded = foldTargets(g.targets, TARGETS_PER_LINE)
  const targets = folded.items.map((x) => e(x)).join(s.comma)
  const more = folded.hidden ? ` ${s.more(folded.hidden)}` : ''
  const where = targets ? `${s.colon}${targets}${more}` : ''
  return `- ${bold}${level} ${s.count(g.count)}${s.states(states)}${where}`
}

/** At most `max` code points, with "…" when cut. */
function clip(v: string, max: number): string {
  const points = [...v]
  return points.length <= max ? v : `${points.slice(0, max - 1).join('')}…`
}

function heading(text: string, format: MessageFormat): string {
  if (format === 'markdown') return `### <font color="warning">${text}</font>`
  if (format === 'markdown_v2') return `### ${text}`
  return `【${text}】`
}

function link(text: string, url: string, format: MessageFormat): string {
  return format === 'text' ? `${text}: ${url}` : `[${text}](${url})`
}

/**
 * The summary of a storm's backlog. Lines go while they fit the limit; when they do not all fit,
 * the last line counts the groups and alerts left, so every alert given is named or counted.
 */
export function stormSummary(input: StormSummaryInput): StormSummary {
  const { format, language } = input
  const s = stormWordsFor(language)
  const groups = input.picture
    ? input.picture.groups(input.waiting)
    : groupStorm(input.alerts ?? [], input.groupBy, input.waiting)
  const n = groups.reduce((a, g) => a + g.count, 0)
  const resolved = groups.reduce((a, g) => a + g.resolved, 0)
  const title =
    input.phase === 'over'
      ? s.over(n, groups.length, resolved)
      : input.phase === 'update'
        ? s.update(n, groups.length, input.added ?? 0)
        : s.title(n, groups.length)
  const footer = [
    ...(input.phase === 'over'
      ? []
      : [input.details === 'follow' ? s.detailsFollow : s.detailsHeld]),
    ...(input.historyLink ? [link(s.history, input.historyLink, format)] : []),
  ].join('\n')
  const head = `${heading(title, format)}\n${levelLine(groups, resolved, format, language)}`
  const fixed = utf8Length(`${head}\n\n\n\n${footer}`)
  const lines: string[] = []
  let used = fixed
  let named = 0
  // The alerts of the groups after each one: what the last line counts if the lines stop there.
  let after = n
  for (let i = 0; i < groups.length; i++) {
    const l = line(groups[i]!, format, language)
    after -= groups[i]!.count
    const rest = groups.length - i - 1
    // Room for this line and, if groups remain, the line that counts them.
    const tailBytes = rest ? utf8Length(`\n${s.moreGroups(rest, after)}`) : 0
    if (used + utf8Length(`\n${l}`) + tailBytes > input.limit && i > 0) break
    lines.push(l)
    used += utf8Length(`\n${l}`)
    named++
  }
  const left = groups.slice(named)
  if (left.length)
    lines.push(
      s.moreGroups(
        left.length,
        left.reduce((a, g) => a + g.count, 0),
      ),
    )
  const content = `${head}\n\n${lines.join('\n')}\n\n${footer}`
  return {
    content,
    title,
    groups,
    named,
    accounted: groups.reduce((a, g) => a + g.count, 0),
    firing: n - resolved,
  }
}

/** The counts by level, most severe first, and how many resolved: "Critical 75 · Warning 100 · …". */
function levelLine(
  groups: readonly StormGroup[],
  resolved: number,
  format: MessageFormat,
  language?: TemplateLanguage,
): string {
  const w = wordsFor(language)
  const s = stormWordsFor(language)
  const byLevel = new Map<string, number>()
  // Groups come most severe first, so the map keeps that order.
  for (const g of groups) byLevel.set(g.level, (byLevel.get(g.level) ?? 0) + g.count)
  const parts = [...byLevel].map(([level, n]) =>
    s.levelCount(escapeValue(level ? wordOr(w.levels, level) : w.unknownLevel, format), n),
  )
  if (resolved) parts.push(s.resolvedTotal(resolved))
  return parts.join(' · ')
}

/** The storm summary as robot messages: the summary itself, cut to the limit if it ever must be. */
export function composeStormSummary(
  input: StormSummaryInput,
): StormSummary & { messages: OutgoingMessage[] } {
  const summary = stormSummary(input)
  const messages = buildMessages({
    format: input.format,
    content: summary.content,
    mentionMobiles: input.mentionMobiles,
    mentionUserIds: input.mentionUserIds,
    // Only what still fires needs attention: resolved alerts are not counted in the ping.
    mentionText: wordsFor(input.language).manyAbove(summary.firing),
    limit: input.limit,
    truncatedMarker: wordsFor(input.language).truncated,
  })
  return { ...summary, messages }
}
