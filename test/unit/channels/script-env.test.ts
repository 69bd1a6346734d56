import { describe, expect, it } from 'vitest'
import {
  ENV_VALUE_MAX_CHARS,
  envName,
  envValue,
  scriptEnv,
} from '../../../electron/core/channels/script/sender'

describe('values put in a script environment', () => {
  it('replace NUL with U+FFFD and cut a value past the cap without splitting a character', () => {
    expect(envValue('a\u0000b')).toBe('a\uFFFDb')
    const long = envValue('y'.repeat(ENV_VALUE_MAX_CHARS - 2) + '😀'.repeat(10))
    expect(long.length).toBeLessThanOrEqual(ENV_VALUE_MAX_CHARS)
    expect(long.endsWith('…')).toBe(true)
    expect(Buffer.from(long, 'utf8').toString('utf8')).toBe(long)
  })
  it('name an empty variable `_` and carry labels made safe too', () => {
    expect(envName('')).toBe('_')
    expect(
      scriptEnv({ vars: { alarm_name: 'x' }, labels: { team: 'a\u0000' } } as never, 'm\u0000'),
    ).toMatchObject({ ALARM_NAME: 'x', LABEL_TEAM: 'a\uFFFD', ALARM_MESSAGE: 'm\uFFFD' })
  })
})
