import { createHash, randomBytes } from 'node:crypto'

import type { AlertSource } from './source-names'
export { SOURCES, type AlertSource } from './source-names'
export type AlertStatus = 'firing' | 'resolved'

/** An alert as every part of the relay sees it, whatever sent it. */
export interface Alert {
  /** Time-sortable and unique: sorting ids sorts by arrival. */
  id: string
  source: AlertSource
  status: AlertStatus
  /** Identity of the alert across repeats: the sender's, or a hash of name, target and labels. */
  fingerprint: string
  /** The template variables (`alarm_*`, OCP context names, the relay's own). */
  vars: Record<string, string>
  labels: Record<string, string>
  annotations: Record<string, string>
  receivedAt: string
  /** The alert's own part of the request body, JSON, capped (see RAW_LIMIT). */
  raw: string
  /** Alertmanager/Grafana group facts, when the sender grouped. */
  group?: { key?: string; receiver?: string; externalURL?: string; truncatedAlerts?: number }
}

/** What an adapter returns: an alert without the relay's identity and arrival time. */
export type AlertDraft = Omit<Alert, 'id' | 'receivedAt' | 'raw' | 'fingerprint'> & {
  fingerprint?: string
  raw: unknown
}

export const RAW_LIMIT = 16 * 1024
export const VALUE_LIMIT = 16 * 1024

let lastMs = 0
let counter = 0
/** Fixed per process, so ids from two relays writing the same folder cannot collide. */
const processTag = randomBytes(3).toString('hex')
/** `<ms base36, 9><counter base36, 3><process tag, 6>`: sortable by arrival, unique across processes. */
export function newAlertId(now = Date.now()): string {
  if (now <= lastMs) {
    // Same millisecond, or the clock stepped back: count on, and when the counter would wrap,
    // borrow the next millisecond, so ids stay unique and ordered (a wrap dropped alerts as repeats).
    if (++counter >= 46656) {
      lastMs++
      counter = 0
    }
  } else {
    lastMs = now
    counter = 0
  }
  return `${lastMs.toString(36).padStart(9, '0')}${counter.toString(36).padStart(3, '0')}${processTag}`
}

/** A stable identity for alerts whose sender gives none: name, target, level and labels. */
export function computeFingerprint(
  vars: Record<string, string>,
  labels: Record<string, string>,
): string {
  const parts = [
    vars.alarm_name ?? '',
    vars.alarm_target ?? '',
    vars.alarm_level ?? '',
    ...Object.entries(labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`),
  ]
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16)
}

/** A value as the relay keeps it: at most VALUE_LIMIT characters, marked where it was cut. */
export function capValue(value: string): string {
  if (value.length <= VALUE_LIMIT) return value
  return `${value.slice(0, VALUE_LIMIT)}…(cut ${value.length - VALUE_LIMIT} characters)`
}

/**
 * Strings only, capped, no prototype tricks: what adapters turn label maps into. `over` is copied
 * first (common labels under an alert's own), saving a second object per alert on the ingest path.
 * The keys that could reach a prototype are skipped, so a plain object is safe to write into.
 */
export function stringMap(input: unknown, over?: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = over ? { ...over } : {}
  if (!input || typeof input !== 'object' || Array.isArray(input)) return out
  const obj = input as Record<string, unknown>
  for (const k of Object.keys(obj)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue
    const s = scalar(obj[k])
    if (s !== undefined) out[k] = s.length <= VALUE_LIMIT ? s : capValue(s)
  }
  return out
}

export function scalar(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return JSON.stringify(v)
}

/** The raw part of alerts finished in this process, as the adapter read it (before capping). */
const senderParts = new WeakMap<Alert, unknown>()

/**
 * The alert's raw part as the adapter read it, for an alert finished in this process (undefined
 * otherwise, e.g. an alert read back from the history: parse `raw`). Saves the ingest path a
 * parse of what it has just serialised. Handed over once: the on-call view takes it as the alert
 * arrives, so a queued alert does not keep it alive.
 */
export function takeSenderPart(alert: Alert): unknown {
  const part = senderParts.get(alert)
  senderParts.delete(alert)
  return part
}

/** Completes a draft: id, arrival time, fingerprint, capped raw body and capped values. */
export function finishAlert(draft: AlertDraft, receivedAt = new Date()): Alert {
  const vars = stringMap(draft.vars)
  vars.alarm_status = draft.status
  vars.alarm_source = draft.source
  const fingerprint = draft.fingerprint || computeFingerprint(vars, draft.labels)
  vars.alarm_fingerprint = fingerprint
  let raw = JSON.stringify(draft.raw) ?? ''
  if (raw.length > RAW_LIMIT) raw = `${raw.slice(0, RAW_LIMIT)}…`
  const alert: Alert = {
    ...draft,
    vars,
    fingerprint,
    id: newAlertId(receivedAt.getTime()),
    receivedAt: receivedAt.toISOString(),
    raw,
  }
  if (draft.raw !== null && typeof draft.raw === 'object') senderParts.set(alert, draft.raw)
  return alert
}
