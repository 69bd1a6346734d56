import { isLoopbackHost } from '../settings/schema'
import type { SettingsStore } from '../settings/settings-store'

/** The credential a simulator robot URL carries, by endpoint (WeCom, DingTalk, Feishu/Lark). */
function simulatorKeyOf(url: URL): string | undefined {
  if (url.pathname === '/cgi-bin/webhook/send') return url.searchParams.get('key') ?? undefined
  if (url.pathname === '/robot/send') return url.searchParams.get('access_token') ?? undefined
  const feishu = /^\/open-apis\/bot\/v2\/hook\/([^/]+)$/.exec(url.pathname)
  return feishu ? decodeURIComponent(feishu[1]!) : undefined
}

/**
 * `url` moved to the simulator's `origin` when it addresses a simulator robot (a loopback host,
 * a robot endpoint, one of the simulator's keys) somewhere else; otherwise undefined.
 */
export function followedUrl(
  url: string,
  origin: string,
  keys: readonly string[],
): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  const key = simulatorKeyOf(parsed)
  if (parsed.protocol !== 'http:' || !isLoopbackHost(parsed.hostname)) return undefined
  if (key === undefined || !(keys.includes(key) || keys.includes('*'))) return undefined
  const target = new URL(origin)
  if (parsed.host === target.host) return undefined
  parsed.host = target.host
  return parsed.toString()
}

/**
 * Points every channel robot that addresses the built-in simulator at where it actually listens
 * (its port may come from the settings, `serve --simulator-port` or port 0), so a test or an alert
 * meant for the simulator never lands on another program holding the old port. Saved, so the
 * window shows the address that is used. Returns the channels that moved.
 */
export function followSimulator(
  settings: SettingsStore,
  origin: string,
  keys: readonly string[],
): string[] {
  const moved = settings
    .get()
    .channels.filter((c) =>
      [c.webhookUrl, ...c.extraWebhookUrls].some((u) => u && followedUrl(u, origin, keys)),
    )
    .map((c) => c.name)
  if (!moved.length) return moved
  settings.update((draft) => {
    for (const c of draft.channels) {
      if (c.webhookUrl) c.webhookUrl = followedUrl(c.webhookUrl, origin, keys) ?? c.webhookUrl
      c.extraWebhookUrls = c.extraWebhookUrls.map((u) => followedUrl(u, origin, keys) ?? u)
    }
  })
  return moved
}
