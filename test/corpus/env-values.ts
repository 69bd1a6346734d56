/**
 * Alert values a process environment cannot carry as they are, each with what the script must
 * see instead (`seen`): every one is delivered, and the channel goes on. The full alert, every
 * byte, is on the script's stdin.
 */
export interface EnvValueCase {
  name: string
  value: string
  /** What the script finds in its variable. */
  seen: (value: string) => boolean
}

export const ENV_VALUES: EnvValueCase[] = [
  { name: 'a NUL byte', value: 'a\u0000b', seen: (v) => v === 'a\uFFFDb' },
  { name: 'only NUL bytes', value: '\u0000\u0000', seen: (v) => v === '\uFFFD\uFFFD' },
  {
    name: 'NUL then shell syntax',
    value: 'x\u0000$(touch /tmp/pwned)',
    seen: (v) => v === 'x\uFFFD$(touch /tmp/pwned)',
  },
  // Linux refuses one environment string over 128 KiB (E2BIG): the value is cut, not the run.
  {
    name: 'a 200,000-character value',
    value: 'y'.repeat(200_000),
    seen: (v) => v.length <= 32 * 1024 && v.startsWith('yyyy'),
  },
  { name: 'CR, LF and tab', value: 'a\r\nb\tc', seen: (v) => v === 'a\r\nb\tc' },
  { name: 'an equals sign', value: 'A=B', seen: (v) => v === 'A=B' },
]
