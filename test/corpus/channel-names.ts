/**
 * Channel names that must be refused at save, each with what the sentence says: invisible and
 * control characters make one name look exactly like another, and JavaScript's own object keys
 * were lost in maps keyed by channel.
 */
export const HIDDEN = /invisible or control character \(U\+[0-9A-F]{4}\)/
export const RESERVED = /cannot be a channel name \(it is reserved\)/

export const BAD_CHANNEL_NAMES: Array<{ name: string; value: string; error: RegExp }> = [
  { name: 'zero-width space', value: 'on\u200Bcall', error: HIDDEN },
  { name: 'zero-width joiner', value: 'on\u200Dcall', error: HIDDEN },
  { name: 'word joiner', value: 'on\u2060call', error: HIDDEN },
  { name: 'byte order mark', value: 'on\uFEFFcall', error: HIDDEN },
  { name: 'soft hyphen', value: 'on\u00ADcall', error: HIDDEN },
  { name: 'right-to-left override', value: 'oncall\u202Eled', error: HIDDEN },
  { name: 'left-to-right isolate', value: '\u2066oncall\u2069', error: HIDDEN },
  { name: 'right-to-left mark', value: 'oncall\u200F', error: HIDDEN },
  { name: 'Arabic letter mark', value: 'on\u061Ccall', error: HIDDEN },
  { name: 'Hangul filler', value: 'on\u3164call', error: HIDDEN },
  { name: 'variation selector', value: 'on\uFE0Fcall', error: HIDDEN },
  { name: 'NUL', value: 'on\u0000call', error: HIDDEN },
  { name: 'escape (terminal colours)', value: '\u001b[31moncall', error: HIDDEN },
  { name: 'a line break', value: 'on\ncall', error: HIDDEN },
  { name: 'C1 control', value: 'on\u0085call', error: HIDDEN },
  { name: '__proto__', value: '__proto__', error: RESERVED },
  { name: 'constructor', value: 'constructor', error: RESERVED },
  { name: 'prototype', value: 'prototype', error: RESERVED },
]

/** Names people do use: accepted as they are. */
export const GOOD_CHANNEL_NAMES = [
  'oncall',
  'DBA 值班',
  'team-db_2',
  'équipe',
  'オンコール',
  '🚨 p1',
]
