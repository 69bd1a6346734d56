import type { TemplateLanguage } from '../templates/defaults'
import { splitSeconds } from '../time/time-zone'

/**
 * Every word the relay itself adds to a message, in the channel's language. Alert values are the
 * sender's and stay as they came.
 */
export interface Words {
  firingTitle: string
  resolvedTitle: string
  firing: string
  resolved: string
  levels: Record<string, string>
  alerts: (n: number) => string
  resolvedCount: (n: number) => string
  repeated: (n: number, since?: string) => string
  resolvedAt: (at?: string) => string
  seeAbove: (name: string, target?: string) => string
  manyAbove: (n: number) => string
  started: (at: string, duration?: string) => string
  duration: (d: number, h: number, m: number, s: number) => string
  unknownLevel: string
  /** Label words for facts the adapters collect. */
  facts: Record<string, string>
  separator: string
  /** Between a fact's name and its value. */
  colon: string
  /** Between the items of a list in running text. */
  comma: string
  /** Ends a message the byte limit cut. */
  truncated: string
}

const EN: Words = {
  firingTitle: '🔥 FIRING',
  resolvedTitle: '✅ RESOLVED',
  firing: 'firing',
  resolved: 'resolved',
  levels: {
    down: 'Down',
    critical: 'Critical',
    warning: 'Warning',
    caution: 'Caution',
    info: 'Info',
  },
  alerts: (n) => `${n} alert${n === 1 ? '' : 's'}`,
  resolvedCount: (n) => `${n} resolved`,
  repeated: (n, since) =>
    `Repeated ${n} time${n === 1 ? '' : 's'}${since ? ` since ${since}` : ''}`,
  resolvedAt: (at) => (at ? `Resolved at ${at}` : 'Resolved'),
  seeAbove: (name, target) => `${name}${target ? ` on ${target}` : ''}: see the message above.`,
  manyAbove: (n) => `${n} alerts above need attention.`,
  started: (at, duration) => (duration ? `${at} (for ${duration})` : at),
  duration: (d, h, m, s) => (d ? `${d}d ${h}h` : h ? `${h}h ${m}m` : m ? `${m}m ${s}s` : `${s}s`),
  unknownLevel: 'unknown',
  facts: {
    metric: 'Metric',
    condition: 'Condition',
    current: 'Current value',
    lasted: 'Lasted',
    host_ip: 'Host IP',
    data: 'Data',
    item: 'Item',
    values: 'Values',
    namespace: 'Namespace',
    message: 'Message',
    response: 'Response',
    threshold: 'Threshold',
    state: 'State',
    type: 'Check',
    other: 'Other fields',
  },
  separator: ' · ',
  colon: ': ',
  comma: ', ',
  truncated: '\n…(truncated)',
}

const ZH: Words = {
  firingTitle: '🔥 告警',
  resolvedTitle: '✅ 已恢复',
  firing: '告警中',
  resolved: '已恢复',
  levels: { down: '停服', critical: '严重', warning: '警告', caution: '注意', info: '提醒' },
  alerts: (n) => `${n} 条告警`,
  resolvedCount: (n) => `${n} 条已恢复`,
  repeated: (n, since) => `${since ? `自 ${since} 起` : ''}重复 ${n} 次`,
  resolvedAt: (at) => (at ? `恢复于 ${at}` : '已恢复'),
  seeAbove: (name, target) => `${name}${target ? `（${target}）` : ''}：请查看上一条消息。`,
  manyAbove: (n) => `以上 ${n} 条告警需要处理。`,
  started: (at, duration) => (duration ? `${at}（已持续 ${duration}）` : at),
  duration: (d, h, m, s) =>
    d ? `${d}天${h}小时` : h ? `${h}小时${m}分` : m ? `${m}分${s}秒` : `${s}秒`,
  unknownLevel: '未知',
  facts: {
    metric: '指标',
    condition: '条件',
    current: '当前值',
    lasted: '持续',
    host_ip: '主机 IP',
    data: '数据',
    item: '监控项',
    values: '数值',
    namespace: '命名空间',
    message: '消息',
    response: '响应',
    threshold: '阈值',
    state: '状态',
    type: '检测类型',
    other: '其他字段',
  },
  separator: ' · ',
  colon: '：',
  comma: '，',
  truncated: '\n…（已截断）',
}

/** A word from one of the tables above, or the value itself (never an inherited property). */
export function wordOr(table: Record<string, string>, key: string): string {
  return Object.hasOwn(table, key) ? table[key]! : key
}

export function wordsFor(language: TemplateLanguage | undefined): Words {
  return language === 'zh' ? ZH : EN
}

/** `1h 5m` / `1小时5分` between two instants; undefined when either is unknown. */
export function formatDurationMs(ms: number | undefined, words: Words): string | undefined {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return undefined
  const { d, h, m, s } = splitSeconds(Math.round(ms / 1000))
  return words.duration(d, h, m, s)
}
