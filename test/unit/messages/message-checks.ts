import { expect } from 'vitest'
import type { Expected } from '../../fixtures/real/expectations'

/** A line that announces a field and then says nothing: `- Summary: `, `**Level:** `, `[]()`. */
export const EMPTY_FIELD =
  /^[ \t]*(?:[-*][ \t]+)?(?:\*\*)?[^\n:：]{1,30}[:：](?:\*\*)?[ \t]*(?:<font[^>]*>[ \t]*<\/font>)?[ \t]*$|\]\(\)|^\[\][ \t]/m
/** A time as the relay writes it: date, time and offset. */
export const TIME = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d/
/** An escape a WeCom reader would see: a backslash before markup, or an HTML entity. */
export const VISIBLE_ESCAPE = /\\[\\`*_{}[\]()#+\-.!<>~|]|&(lt|gt|amp|quot|#\d+);/

/** The assertions every message must pass, whatever its sender and format. */
export function checkMessage(content: string, expected: Expected, raw: string): void {
  expect(content, 'an empty field line').not.toMatch(EMPTY_FIELD)
  expect(content, 'a time').toMatch(TIME)
  if (!VISIBLE_ESCAPE.test(raw)) expect(content, 'a visible escape').not.toMatch(VISIBLE_ESCAPE)
  if (expected.status === 'resolved') {
    expect(content).toMatch(/✅/)
    expect(content).not.toMatch(/🔥/)
  } else {
    expect(content).toMatch(/🔥/)
    expect(content).not.toMatch(/✅/)
  }
  if (expected.level) expect(content).toContain(expected.level)
  // The sender's time, never the arrival, shown in the channel's zone (+08:00 in these tests).
  if (expected.time) expect(content, 'the sender time').toContain(`${expected.time} +08:00`)
  for (const fact of expected.facts) expect(content, `the fact "${fact}"`).toContain(fact)
}
