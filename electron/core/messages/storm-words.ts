import type { TemplateLanguage } from '../templates/defaults'

/** The words of a storm summary, in the channel's language (beside `words.ts`, same rule). */
export interface StormWords {
  /** Between the parts of a line, and before the targets. */
  comma: string
  colon: string
  /** The firing/resolved counts after the group's count. */
  states: (parts: string) => string
  title: (alerts: number, groups: number) => string
  /** An update restates the whole storm: `added` arrived since the last summary. */
  update: (alerts: number, groups: number, added: number) => string
  /** The closing message: the storm is over. */
  over: (alerts: number, groups: number, resolved: number) => string
  /** The line of counts by level under the heading. */
  levelCount: (level: string, n: number) => string
  resolvedTotal: (n: number) => string
  count: (n: number) => string
  firing: (n: number) => string
  resolved: (n: number) => string
  more: (n: number) => string
  moreGroups: (groups: number, alerts: number) => string
  detailsFollow: string
  detailsHeld: string
  history: string
  noName: string
}

const EN: StormWords = {
  comma: ', ',
  colon: ': ',
  states: (p) => ` (${p})`,
  title: (a, g) =>
    `Alert storm: ${a} alert${a === 1 ? '' : 's'} in ${g} group${g === 1 ? '' : 's'}`,
  update: (a, g, added) =>
    `Alert storm continues: ${a} alert${a === 1 ? '' : 's'} in ${g} group${g === 1 ? '' : 's'} (${added} new)`,
  over: (a, g, r) =>
    `Alert storm over: ${a} alert${a === 1 ? '' : 's'} in ${g} group${g === 1 ? '' : 's'}, ${r} resolved`,
  levelCount: (level, n) => `${level} ${n}`,
  resolvedTotal: (n) => `${n} resolved`,
  count: (n) => `×${n}`,
  firing: (n) => `${n} firing`,
  resolved: (n) => `${n} resolved`,
  more: (n) => `+${n} more`,
  moreGroups: (g, a) => `+${g} more group${g === 1 ? '' : 's'} (${a} alert${a === 1 ? '' : 's'})`,
  detailsFollow: 'Per-alert details follow within the robot’s limit.',
  detailsHeld:
    'Per-alert details are held back during the storm (channel setting); every alert is in the relay’s History.',
  history: 'History of this storm',
  noName: '(no name)',
}

const ZH: StormWords = {
  comma: '，',
  colon: '：',
  states: (p) => `（${p}）`,
  title: (a, g) => `告警风暴：${a} 条告警，${g} 组`,
  update: (a, g, added) => `告警风暴持续：共 ${a} 条告警，${g} 组（新增 ${added} 条）`,
  over: (a, g, r) => `告警风暴结束：共 ${a} 条告警，${g} 组，${r} 条已恢复`,
  levelCount: (level, n) => `${level} ${n} 条`,
  resolvedTotal: (n) => `${n} 条已恢复`,
  count: (n) => `×${n}`,
  firing: (n) => `${n} 条告警中`,
  resolved: (n) => `${n} 条已恢复`,
  more: (n) => `另 ${n} 个`,
  moreGroups: (g, a) => `另有 ${g} 组（${a} 条告警）`,
  detailsFollow: '每条告警的详情将在机器人限额内陆续发送。',
  detailsHeld: '风暴期间不发送每条告警的详情（频道设置）；所有告警均记录在中继的历史记录中。',
  history: '查看本次风暴的历史记录',
  noName: '（无名称）',
}

export function stormWordsFor(language: TemplateLanguage | undefined): StormWords {
  return language === 'zh' ? ZH : EN
}
