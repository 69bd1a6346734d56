import { hostname, networkInterfaces } from 'node:os'
import { formatPath, type FieldError } from './settings-errors'
import type { Settings } from './schema'

/**
 * The self-loop check: a channel URL that reaches this relay's own listener would turn every
 * message into a new alert. It needs the machine's addresses (node:os), so it lives apart from the
 * schema and the field parsers, which the window imports; the settings store runs it on every
 * parse in Node.
 */

const ANY_ADDRESS = new Set(['0.0.0.0', '::', ''])

/**
 * True when `url` would reach this relay's own alert listener (`host:port` from the settings):
 * a loopback name or address, the unspecified address, the listener's host, and, when it listens
 * on every interface, any address or the name of this machine. A channel sending there loops.
 */
export function pointsAtListener(url: string, listener: { host: string; port: number }): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  const port = Number(u.port) || (u.protocol === 'https:' ? 443 : 80)
  if (!listener.port || port !== listener.port) return false
  const host = unmapped(u.hostname.replace(/^\[|\]$/g, '').toLowerCase())
  const bound = unmapped(listener.host.replace(/^\[|\]$/g, '').toLowerCase())
  if (/^(127\.\d+\.\d+\.\d+|localhost|::1|::ffff:127\.\d+\.\d+\.\d+)$/.test(host)) return true
  if (ANY_ADDRESS.has(host) || host === bound) return true
  if (!ANY_ADDRESS.has(bound)) return false
  const own = Object.values(networkInterfaces())
    .flat()
    .map((a) => a?.address.toLowerCase())
  return own.includes(host) || host === hostname().toLowerCase()
}

/**
 * An IPv4-mapped IPv6 address as the IPv4 address it reaches: the URL parser writes
 * `[::ffff:127.0.0.1]` as `::ffff:7f00:1`.
 */
function unmapped(host: string): string {
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host)
  if (hex) {
    const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)]
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.')
  }
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host)
  return dotted ? dotted[1]! : host
}

/**
 * The channel URLs of `settings` that point at its own listener, as field errors: the listener
 * the settings name, and `running`, where it really listens (a port chosen at start, `--listen`).
 */
export function selfLoopErrors(
  s: Settings,
  running?: { host: string; port: number },
): FieldError[] {
  const errors: FieldError[] = []
  s.channels.forEach((c, i) => {
    const urls: Array<[string, Array<string | number>]> = [
      [c.webhookUrl, ['webhookUrl']],
      [c.url, ['url']],
      ...c.extraWebhookUrls.map((u, j): [string, Array<string | number>] => [
        u,
        ['extraWebhookUrls', j],
      ]),
    ]
    for (const [url, at] of urls) {
      const listener = [s.listener, ...(running ? [running] : [])].find((l) =>
        pointsAtListener(url, l),
      )
      if (!listener) continue
      errors.push({
        path: formatPath(['channels', i, ...at]),
        message: `The webhook URL points at this relay's own alert listener (port ${listener.port}): every message would come back as a new alert and loop, so use the robot's URL from WeCom.`,
      })
    }
  })
  return errors
}
