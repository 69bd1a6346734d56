/**
 * Tags in every shape senders use, as one string map: a map, a list of `{tag, value}` /
 * `{key, value}` / `{name, value}` objects, `[key, value]` pairs (Sentry), `"k=v"` / `"k:v"`
 * strings (Nightingale, Datadog), or any of these inside a JSON string (Zabbix `{EVENT.TAGSJSON}`),
 * or a comma-separated `k:v,k:v` string.
 */
import { stringMap, scalar } from './model'
import { isRecord } from './normalize'

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype'])

function put(out: Record<string, string>, key: unknown, value: unknown): void {
  const k = typeof key === 'string' ? key.trim() : scalar(key)
  if (!k || UNSAFE.has(k)) return
  const v = scalar(value) ?? ''
  out[k] = out[k] && v && out[k] !== v ? `${out[k]}, ${v}` : v || (out[k] ?? '')
}

function pair(out: Record<string, string>, s: string): void {
  const m = /^\s*([^=:]+?)\s*[=:]\s*(.*?)\s*$/.exec(s)
  if (m) put(out, m[1], m[2])
  else if (s.trim()) put(out, s.trim(), '')
}

/** Any tag shape → a string map (later duplicates are joined, not lost). */
export function readTags(input: unknown): Record<string, string> {
  if (input === null || input === undefined) return {}
  if (typeof input === 'string') {
    const s = input.trim()
    if (!s || s === '{EVENT.TAGSJSON}' || s === '{EVENT.TAGS}') return {}
    if (/^[[{]/.test(s)) {
      try {
        return readTags(JSON.parse(s) as unknown)
      } catch {
        // not JSON after all: read it as pairs
      }
    }
    const out: Record<string, string> = {}
    for (const part of s.split(/\s*[,;\n]\s*/)) pair(out, part)
    return out
  }
  if (Array.isArray(input)) {
    const out: Record<string, string> = {}
    for (const item of input) {
      if (typeof item === 'string') pair(out, item)
      else if (Array.isArray(item) && item.length === 2) put(out, item[0], item[1])
      else if (isRecord(item)) {
        const key = item.tag ?? item.key ?? item.name ?? item.Key ?? item.Name
        if (key !== undefined) put(out, key, item.value ?? item.Value ?? '')
        else Object.assign(out, stringMap(item))
      }
    }
    return out
  }
  if (isRecord(input)) return stringMap(input)
  return {}
}
