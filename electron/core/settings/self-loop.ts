import { hostname, networkInterfaces } from 'node:os'
import { formatPath, type FieldError } from './errors'
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
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const bound = listener.host.replace(/^\[|\]$/g, '').toLowerCase()
  if (/^(127\.\d+\.\d+\.\d+|localhost|::1|::ffff:127\.\d+\.\d+\.\d+)$/.test(host)) return true
  if (ANY_ADDRESS.has(host) || host === bound) return true
  if (!ANY_ADDRESS.has(bound)) return false
  const own = Object.values(networkInterfaces())
    .flat()
    .map((a) => a?.address.toLowerCase())
  return own.includes(host) || host === hostname().toLowerCase()
}

/** The channel URLs of `settings` that point at its own listener, as field errors. */
export function selfLoopErrors(s: Settings): FieldError[] {
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
      if (!pointsAtListener(url, s.listener)) continue
      errors.push({
        path: formatPath(['channels', i, ...at]),
        message: `The webhook URL points at this relay's own alert listener (port ${s.listener.port}): every message would come back as a new alert and loop, so use the robot's URL from WeCom.`,
      })
    }
  })
  return errors
}
