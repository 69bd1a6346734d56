import type { TFunction } from 'i18next'
import type { Settings } from '../../../../electron/core/settings/schema'

type Raw = Record<string, unknown>

const obj = (x: unknown): Raw => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Raw) : {})
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : [])

/** Field labels the window uses, by the settings key's last part. */
const FIELD_LABELS: Record<string, string> = {
  host: 'settings.host',
  port: 'settings.port',
  token: 'settings.token',
  maxAlerts: 'settings.maxAlerts',
  maxAgeDays: 'settings.maxAgeDays',
  timeZone: 'settings.timeZone',
  linkBaseUrl: 'links.base',
  name: 'channels.channelName',
  webhookUrl: 'channels.webhookUrl',
  signatureKey: 'channels.signatureKey',
  mentionMobiles: 'channels.mentions',
  format: 'channels.format',
  type: 'channels.type',
}

/**
 * `channels[0].webhookUrl` in an imported file → `Channel "oncall" › Webhook URL`: where the
 * problem is, as the window names it (the file's own channel name when it has one).
 */
export function importPathLabel(path: string, file: unknown, t: TFunction): string {
  const parts = path.match(/[^.[\]]+/g) ?? []
  const out: string[] = []
  const [section, index] = parts
  let rest = parts.slice(1)
  if (section === 'channels' && index !== undefined && /^\d+$/.test(index)) {
    const name = obj(list(obj(file).channels)[Number(index)]).name
    out.push(
      t('trust.importChannel', {
        name: typeof name === 'string' && name ? name : `#${Number(index) + 1}`,
      }),
    )
    rest = parts.slice(2)
  } else if (section === 'routes' && index !== undefined && /^\d+$/.test(index)) {
    out.push(t('trust.importRoute', { n: Number(index) + 1 }))
    rest = parts.slice(2)
  } else if (section) {
    out.push(t(`trust.importSections.${section}`, { defaultValue: section }))
  }
  const field = rest.at(-1)
  if (field) out.push(FIELD_LABELS[field] ? t(FIELD_LABELS[field]) : field)
  return out.join(' › ')
}

/** What replacing the settings with `file` changes, one line a change, in the window's words. */
export function importSummary(current: Settings, file: unknown, t: TFunction): string[] {
  const next = obj(file)
  const lines: string[] = []
  const names = (xs: unknown[]) =>
    xs.map((c) => obj(c).name).filter((n): n is string => typeof n === 'string')
  if ('channels' in next) {
    const now = current.channels.map((c) => c.name)
    const incoming = names(list(next.channels))
    const added = incoming.filter((n) => !now.includes(n))
    const removed = now.filter((n) => !incoming.includes(n))
    const kept = incoming.filter((n) => now.includes(n))
    const join = (xs: string[]) => xs.join(t('settings.listJoin'))
    if (added.length) lines.push(t('trust.importAdds', { names: join(added) }))
    if (removed.length) lines.push(t('trust.importRemoves', { names: join(removed) }))
    if (kept.length) lines.push(t('trust.importReplaces', { names: join(kept) }))
  } else if (current.channels.length) {
    lines.push(t('trust.importNoChannels', { count: current.channels.length }))
  }
  const routes = list(next.routes).length
  if (routes !== current.routes.length || 'routes' in next)
    lines.push(t('trust.importRoutes', { before: current.routes.length, after: routes }))
  const listener = obj(next.listener)
  const address = `${typeof listener.host === 'string' ? listener.host : '127.0.0.1'}:${typeof listener.port === 'number' ? listener.port : 8760}`
  const before = `${current.listener.host}:${current.listener.port}`
  if (address !== before) lines.push(t('trust.importListener', { before, after: address }))
  return lines
}
