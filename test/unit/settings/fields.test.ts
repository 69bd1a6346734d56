import { english } from '../../../electron/core/text/core-text'
import { saying } from '../../helpers/said'
import { describe, expect, it } from 'vitest'
import {
  parseMatcher,
  parseMobiles,
  parseProxy,
  parseWebhookUrl,
} from '../../../electron/core/settings/fields'

describe('parseWebhookUrl', () => {
  it('accepts a WeCom robot URL without a warning', () => {
    expect(parseWebhookUrl(' https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc ')).toEqual({
      ok: true,
      value: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc',
    })
  })
  it('accepts another host (gateway, simulator) with a warning', () => {
    const r = parseWebhookUrl('http://127.0.0.1:8762/cgi-bin/webhook/send?key=k')
    expect(r).toMatchObject({
      ok: true,
      warning: saying(expect.stringContaining('not qyapi.weixin.qq.com')),
    })
  })
  it.each([
    ['', 'empty'],
    ['qyapi.weixin.qq.com/cgi-bin/webhook/send?key=a', 'not a valid URL'],
    ['ftp://qyapi.weixin.qq.com/send?key=a', 'https:// or http://'],
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send', 'no key parameter'],
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=', 'no key parameter'],
  ])('rejects %j with a sentence saying what to do', (input, phrase) => {
    const r = parseWebhookUrl(input)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(english(r.error)).toContain(phrase)
  })
})

describe('parseMobiles', () => {
  it('tolerates spaces, full-width commas and other separators, and removes duplicates', () => {
    expect(parseMobiles('13800001111， 13900002222、13800001111 ;+8613700003333')).toEqual({
      ok: true,
      value: ['13800001111', '13900002222', '+8613700003333'],
    })
  })
  it('accepts @all in any case and lists', () => {
    expect(parseMobiles(['@ALL', '138-0000-1111'])).toEqual({
      ok: true,
      value: ['@all', '13800001111'],
    })
  })
  it('rejects what is not a mobile, naming it', () => {
    const r = parseMobiles('13800001111, zhangsan')
    expect(r).toEqual({
      ok: false,
      error: saying(expect.stringContaining('"zhangsan" is not a mobile number')),
    })
    expect(parseMobiles('1380000111').ok).toBe(false)
  })
})

describe('parseProxy', () => {
  it.each([
    ['http://10.0.0.1:3128', 'http://10.0.0.1:3128'],
    ['https://proxy.corp:8443', 'https://proxy.corp:8443'],
    ['http://user:p%40ss@proxy:3128', 'http://user:p%40ss@proxy:3128'],
    ['http:10.0.0.1:3128', 'http://10.0.0.1:3128'], // OCP before 4.2.0
    ['proxy.corp:3128', 'http://proxy.corp:3128'],
    ['  ', ''],
  ])('normalises %j', (input, expected) => {
    expect(parseProxy(input)).toEqual({ ok: true, value: expected })
  })
  it.each([
    ['http://proxy.corp', 'has no port'],
    ['socks5://proxy:1080', 'not supported'],
    ['http://proxy:3128/path', 'remove the path'],
    ['http://:3128', 'not a proxy address'],
  ])('rejects %j', (input, phrase) => {
    const r = parseProxy(input)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(english(r.error)).toContain(phrase)
  })
})

describe('parseMatcher', () => {
  it('parses the four operators and quoted values', () => {
    expect(parseMatcher('alarm_level=critical')).toEqual({
      ok: true,
      value: { name: 'alarm_level', op: '=', value: 'critical' },
    })
    expect(parseMatcher('labels.team != db')).toEqual({
      ok: true,
      value: { name: 'labels.team', op: '!=', value: 'db' },
    })
    expect(parseMatcher('alarm_name=~"Disk.*"')).toEqual({
      ok: true,
      value: { name: 'alarm_name', op: '=~', value: 'Disk.*' },
    })
    expect(parseMatcher('alarm_name!~^Test')).toMatchObject({ ok: true, value: { op: '!~' } })
  })
  it('rejects a broken regex and a missing operator', () => {
    expect(parseMatcher('alarm_name=~(')).toMatchObject({
      ok: false,
      error: saying(expect.stringContaining('opens a "(" it never closes')),
    })
    expect(parseMatcher('critical')).toMatchObject({ ok: false })
  })
})
