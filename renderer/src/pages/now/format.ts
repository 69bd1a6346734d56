import { isLevel } from '../../../../electron/core/alerts/levels'

export { levelRank } from '../../../../electron/core/alerts/levels'

/** How long since `iso`, short and in the page's language: `2h 5m`, `2小时5分`. */
export function firedFor(iso: string, now: number, language: string): string {
  const min = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000))
  const d = Math.floor(min / 1440)
  const h = Math.floor((min % 1440) / 60)
  const m = min % 60
  const zh = language.startsWith('zh')
  const parts: string[] = []
  if (d) parts.push(zh ? `${d}天` : `${d}d`)
  if (h) parts.push(zh ? `${h}小时` : `${h}h`)
  if (!d) parts.push(zh ? `${m}分` : `${m}m`)
  return parts.join(zh ? '' : ' ')
}

/** The CSS modifier for a level: the five levels the relay knows, else `other`. */
export function levelClass(level: string): string {
  return isLevel(level) ? level : 'other'
}
