import type { Alert } from '../alerts/model'
import { channelWindows } from '../channels/limits'
import { blocksPerMessage, summaryLimit } from './storm'
import type { ChannelType } from '../channels/types'
import { composeNext } from '../messages/compose'
import { composeStormSummary } from '../messages/storm'
import { bodyContent } from '../channels/wecom/body'
import { utf8Length } from '../templates/bytes'
import type { TemplateLanguage } from '../templates/defaults'
import { FORMAT_BYTE_LIMITS, type MessageFormat } from '../templates/formats'
import { renderWeComHtml } from '../templates/wecom-markdown'
import { SlidingWindowLimiter } from './limiter'
import { MultiWindowLimiter } from './multi-limiter'
import { decideStorm, stormStarts } from './storm-plan'

/**
 * The studio's storm preview: the messages a channel would send for a storm that arrives all at
 * once, with their send times as the robot's limits allow them (a simulated clock from the
 * type's windows, never the wall clock), decided by the same plan the engine follows.
 */

export interface StormPreviewInput {
  alerts: readonly Alert[]
  type: ChannelType
  format: MessageFormat
  template: string
  language?: TemplateLanguage
  timeZone?: string
  storm: { threshold: 'auto' | number; groupBy: string; details: boolean }
  /** Messages to return at most (the rest are counted). */
  maxMessages?: number
}

export interface StormPreviewMessage {
  /** Milliseconds after the storm arrived. */
  atMs: number
  kind: 'summary' | 'details'
  content: string
  html: string
  bytes: number
  /** Alerts the message names or counts (summary) or carries (details). */
  alerts: number
}

export interface StormPreview {
  messages: StormPreviewMessage[]
  /** Every message the storm takes, and when the last one goes. */
  total: number
  lastAtMs: number
  /** When every alert is named or counted (the summary, or the last details when no storm). */
  accountedAtMs: number
  storm: boolean
}

const MINUTE = 60_000

/** Runs the storm through the plan on a simulated clock. */
export function previewStorm(input: StormPreviewInput): StormPreview {
  const { format, language } = input
  const windows = channelWindows(input.type)
  const minute = windows.find((w) => w.ms === MINUTE)?.max ?? Number.MAX_SAFE_INTEGER
  const limiter =
    windows.length > 1 ? new MultiWindowLimiter(windows) : new SlidingWindowLimiter(minute, MINUTE)
  // Blocks per message as the engine judges them.
  let queue = input.alerts.map((alert) => ({ alert, repeats: 0 }))
  const first = queue[0]
  const blocks = first
    ? blocksPerMessage(first, input.template, format, { language })
    : Math.max(1, Math.floor(FORMAT_BYTE_LIMITS[format] / 3))
  const max = input.maxMessages ?? 40
  const out: StormPreviewMessage[] = []
  const summaries: number[] = []
  let accountedAll = false
  let accountedAtMs = -1
  let active = false
  let total = 0
  let lastAtMs = 0
  let t = 0
  const emit = (m: Omit<StormPreviewMessage, 'atMs' | 'html' | 'bytes'>) => {
    limiter.record(t)
    total++
    lastAtMs = t
    if (out.length < max)
      out.push({
        ...m,
        atMs: t,
        html: renderWeComHtml(m.content, format),
        bytes: utf8Length(m.content),
      })
  }
  // A bound on the loop: every step sends or moves the clock to a later send.
  for (let guard = 0; queue.length && guard < 100_000; guard++) {
    if (limiter.available(t) === 0) {
      t = limiter.nextFree(t)
      continue
    }
    const view = {
      now: t,
      backlog: queue.length,
      unaccounted: accountedAll ? 0 : queue.length,
      available: limiter.limit - limiter.used(t),
      limit: minute,
      blocks,
      threshold: input.storm.threshold,
      active,
      summaries: summaries.filter((s) => s > t - MINUTE),
      newestAt: 0,
      windowMs: MINUTE,
      details: input.storm.details,
    }
    if (!active && stormStarts(view)) active = true
    const d = active ? decideStorm(view) : { kind: 'normal' as const }
    if (d.kind === 'wait') {
      t = Math.max(t + 1, d.until)
      continue
    }
    if (d.kind === 'summary') {
      const s = composeStormSummary({
        alerts: queue.map((q) => q.alert),
        format,
        language,
        // As the engine cuts it (storm.ts), the preview is what is sent.
        limit: summaryLimit({ type: input.type, format }),
        groupBy: input.storm.groupBy,
        details: input.storm.details ? 'follow' : 'held',
      })
      summaries.push(t)
      emit({ kind: 'summary', content: bodyContent(s.messages[0]!.body), alerts: queue.length })
      accountedAll = true
      accountedAtMs = t
      if (!input.storm.details) queue = []
      continue
    }
    const built = composeNext(
      queue,
      // DingTalk and Feishu pack to their own limit, as delivery does (#12).
      { format, template: input.template, language, type: input.type, channelFormat: format },
      {
        timeZone: input.timeZone,
      },
    )
    emit({ kind: 'details', content: bodyContent(built.messages[0]!.body), alerts: built.count })
    queue = queue.slice(built.count)
    if (!queue.length && accountedAtMs < 0) accountedAtMs = t
  }
  return {
    messages: out,
    total,
    lastAtMs,
    accountedAtMs: Math.max(0, accountedAtMs),
    storm: active,
  }
}

const LEVELS = ['critical', 'warning', 'info']

/**
 * `count` alerts across `names` names made from one sample: levels varied per name, a run of
 * targets per name, every seventh already resolved — a storm as senders produce them.
 */
export function stormAlerts(sample: Alert, count: number, names: number): Alert[] {
  const base = sample.vars.alarm_name || 'Alert'
  return Array.from({ length: count }, (_, i) => {
    const n = i % names
    const level = LEVELS[n % LEVELS.length]!
    return {
      ...sample,
      id: `${sample.id}-${i}`,
      status: i % 7 === 6 ? 'resolved' : 'firing',
      vars: {
        ...sample.vars,
        alarm_name: names > 1 ? `${base}${n + 1}` : base,
        alarm_level: level,
        alarm_level_raw: level,
        alarm_target: `host-${Math.floor(i / names) + 1}`,
      },
    }
  })
}
