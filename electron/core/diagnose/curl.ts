import { maskUrl } from '../secrets/mask'

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

export interface CurlInput {
  url: string
  body: unknown
  proxy?: string
  /** Show the key, signature and proxy password as they are (only when the person asks). */
  reveal?: boolean
}

/** The curl command that sends exactly what the relay sends (the seed's check, made exact). */
export function toCurl({ url, body, proxy, reveal = false }: CurlInput): string {
  const lines = [
    `curl -sS -X POST ${quote(reveal ? url : maskUrl(url))}`,
    `  -H 'Content-Type: application/json; charset=utf-8'`,
    `  --data-raw ${quote(JSON.stringify(body))}`,
  ]
  if (proxy) lines.push(`  --proxy ${quote(reveal ? proxy : maskUrl(proxy))}`)
  return lines.join(' \\\n')
}
