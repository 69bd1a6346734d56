import { RE2JS } from 're2js'
import type { VerifyRule } from '../settings/schema'
import { say, type CoreText } from '../text/core-text'

/** The seed's "response verification": a JSON key-value match, a regular expression, or an HTTP status. */
export function verifyResponse(
  rule: VerifyRule,
  status: number,
  body: string,
  json: unknown,
): { ok: boolean; reason?: CoreText } {
  switch (rule.type) {
    case 'status':
      return rule.codes.includes(status)
        ? { ok: true }
        : { ok: false, reason: say('verify.status', { status, codes: rule.codes.join(', ') }) }
    case 'regex':
      // RE2: the robot (or whatever answers) chooses the text; a backtracking engine could hang.
      return RE2JS.compile(rule.pattern).matcher(body).find()
        ? { ok: true }
        : { ok: false, reason: say('verify.regex', { pattern: rule.pattern }) }
    case 'json': {
      if (!json || typeof json !== 'object') return { ok: false, reason: say('verify.notObject') }
      for (const [key, expected] of Object.entries(rule.match)) {
        const actual = Object.hasOwn(json, key) ? (json as Record<string, unknown>)[key] : undefined
        if (String(actual) !== String(expected)) {
          return {
            ok: false,
            reason: say('verify.json', {
              key,
              actual: JSON.stringify(actual),
              expected: JSON.stringify(expected),
            }),
          }
        }
      }
      return { ok: true }
    }
  }
}
