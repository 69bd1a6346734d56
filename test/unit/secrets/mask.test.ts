import { describe, expect, it } from 'vitest'
import { maskSecret, maskUrl, redact } from '../../../electron/core/secrets/mask'

const KEY = '693a91f6-7xxx-4bc4-97a0-0ec2sif8c2f1'

describe('masking', () => {
  it('masks the key of a webhook URL as the reference shows', () => {
    expect(maskUrl(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}`)).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…c2f1',
    )
  })
  it('masks proxy passwords and signatures', () => {
    expect(maskUrl('http://bob:hunter2@proxy:3128')).toBe('http://bob:…@proxy:3128/')
    expect(
      maskUrl('https://x/send?key=abcdefghijklmnop&timestamp=1&sign=zzzzzzzzzzzzzzzz'),
    ).not.toMatch(/abcdefghijklmnop|zzzzzzzzzzzzzzzz/)
  })
  it('masks keys even in strings that are not URLs', () => {
    expect(maskUrl(`garbage key=${KEY} more`)).toBe('garbage key=693a…c2f1 more')
  })
  it('redacts secrets, raw and percent-encoded, from free text', () => {
    expect(
      redact(`failed for ${KEY} and ${encodeURIComponent('p@ss/word!')}`, [KEY, 'p@ss/word!']),
    ).toBe('failed for 693a…c2f1 and …')
    expect(maskSecret('short')).toBe('…')
  })
})
