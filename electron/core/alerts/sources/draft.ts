/**
 * What every reader fills, in one shape: the relay's variables (name, level, status, target,
 * summary, description, value, threshold, the sender's times, links, labels) and the sender's own
 * facts as `fact_*`. Readers say what they found; this turns it into a draft the same way for all.
 */
import { type MappedLevel } from '../levels'
import { stringMap, type AlertDraft, type AlertSource, type AlertStatus } from '../model'
import { first, str } from '../normalize'
import { timeVars } from '../times'

export interface Reading {
  source: AlertSource
  status: AlertStatus
  /** What broke, in the sender's words (rule, alarm, trigger, issue title). */
  name?: string
  /** Used when the body names nothing: "SkyWalking alarm". */
  fallbackName: string
  level?: MappedLevel
  target?: string
  summary?: string
  description?: string
  value?: string
  threshold?: string
  /** The sender's times: epoch, ISO or wall time, as it sent them. */
  startedAt?: unknown
  resolvedAt?: unknown
  url?: string
  id?: string
  statusRaw?: string
  fingerprint?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  /** The sender's facts, shown in the message's facts line (`fact_<key>`). */
  facts?: Record<string, string | undefined>
  /** Any other variable a template may use. */
  vars?: Record<string, string | undefined>
  raw: unknown
}

const clean = (s: string | undefined) => {
  const t = s?.trim()
  return t ? t : undefined
}

/** A reading → the draft every part of the relay understands. */
export function draftOf(r: Reading): AlertDraft {
  const facts: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(r.facts ?? {})) facts[`fact_${k}`] = clean(v)
  const value = clean(r.value)
  const threshold = clean(r.threshold)
  return {
    source: r.source,
    status: r.status,
    fingerprint: r.fingerprint,
    vars: stringMap({
      ...r.vars,
      ...facts,
      alarm_name: first(clean(r.name), r.fallbackName),
      alarm_level: r.level?.level,
      alarm_level_raw: r.level?.raw,
      alarm_target: clean(r.target),
      alarm_summary: clean(r.summary),
      alarm_description: clean(r.description),
      ...timeVars('active', r.startedAt),
      ...(r.status === 'resolved' ? timeVars('resolved', r.resolvedAt) : {}),
      alarm_url: clean(r.url),
      alarm_id: clean(r.id),
      alarm_status_raw: clean(r.statusRaw),
      alarm_threshold: threshold,
      value,
      fact_current: facts.fact_current ?? value,
      fact_threshold: facts.fact_threshold ?? threshold,
    }),
    labels: r.labels ?? {},
    annotations: r.annotations ?? {},
    raw: r.raw,
  }
}

/** The first non-empty string among the values at `keys` of `o`. */
export function pick(o: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = str(o[k])
    if (v !== undefined && v.trim() !== '') return v
  }
  return undefined
}

/** Body → its items: one object, or every object of a top-level list. */
export function itemsOf(body: unknown): unknown[] {
  return Array.isArray(body) ? body : [body]
}

/** A long sentence's first clause, short enough for a title. */
export function headline(text: string | undefined, max = 80): string | undefined {
  const t = text?.trim().split(/\r?\n/, 1)[0]?.trim()
  if (!t) return undefined
  return t.length > max ? `${t.slice(0, max - 1)}…` : t
}
