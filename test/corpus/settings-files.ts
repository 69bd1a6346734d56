/**
 * Settings files with a typo: each must keep the person's channels, name the unknown key with its
 * path, and suggest the key that was meant when one is close.
 */
const url = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=typo-corpus-key-0001'
const channel = { name: 'oncall', webhookUrl: url }

export const TYPO_CONFIGS: Array<{
  name: string
  config: Record<string, unknown>
  key: string
  suggestion?: string
}> = [
  {
    name: 'a top-level typo: defaultChannel',
    config: { channels: [channel], defaultChannel: ['oncall'] },
    key: 'defaultChannel',
    suggestion: 'defaultChannels',
  },
  {
    name: 'a nested typo: listener.tokn',
    config: { channels: [channel], listener: { tokn: 'x' } },
    key: 'listener.tokn',
    suggestion: 'token',
  },
  {
    name: 'a typo in the second channel: timeoutSecond',
    config: { channels: [channel, { ...channel, name: 'db', timeoutSecond: 5 }] },
    key: 'channels[1].timeoutSecond',
    suggestion: 'timeoutSeconds',
  },
  {
    name: 'a key from another product, nothing close: channels[0].robotSecret',
    config: { channels: [{ ...channel, robotSecret: 'x' }] },
    key: 'channels[0].robotSecret',
  },
  {
    name: 'a typo inside a route: chanels',
    config: {
      channels: [channel],
      routes: [{ match: { alarm_level: 'critical' }, channels: ['oncall'], chanels: ['x'] }],
    },
    key: 'routes[0].chanels',
    suggestion: 'channels',
  },
  {
    name: 'two typos at once',
    config: { channels: [{ ...channel, mentionMobile: [], formatt: 'text' }] },
    key: 'channels[0].mentionMobile',
    suggestion: 'mentionMobiles',
  },
]
