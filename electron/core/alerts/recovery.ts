/**
 * How a sender says an alert is over. Words first (any language the senders use), then the
 * documented numbers and flags each reader passes in; a reader that knows its sender's scale
 * decides with that, and falls back on these words.
 */

/** Words that mean "this is over": resolved, ok, recovered, closed, 恢复 and their kin. */
const RESOLVED =
  /^(resolved?|recovered|recovery|ok|closed?|cleared|normal|inactive|up|fixed|ended|finished|ignored|archived|恢复|已恢复|已消除|已解决|已关闭|正常)$/i
/** Words that say it is still on, whatever else the body says. */
const FIRING =
  /^(firing|alerting|alarm|alert|problem|triggered|trigger|open|opened|active|activated|created|new|down|critical|unresolved|告警中|未恢复|未消除|异常)$/i

/** True for a word that means the alert is over. */
export function isResolvedWord(word: unknown): boolean {
  return typeof word === 'string' && RESOLVED.test(word.trim().replace(/[\s_-]+/g, ' '))
}

/** True for a word that means the alert is still on. */
export function isFiringWord(word: unknown): boolean {
  return typeof word === 'string' && FIRING.test(word.trim())
}

/** A yes/no flag as senders write it: true, 1, "true", "yes". */
export function isTrueFlag(v: unknown): boolean {
  if (v === true || v === 1) return true
  return typeof v === 'string' && /^(true|1|yes|y)$/i.test(v.trim())
}
