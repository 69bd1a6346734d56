import { DINGTALK_STYLE, type ChannelFacts } from '../channel-facts'
import { say } from '../../text/core-text'

/** A local program run once per alert, the alert on its stdin and in its environment. */
export const scriptFacts: ChannelFacts = {
  id: 'script',
  name: say('phrase.typeScript'),
  shortName: 'script',
  formats: ['text', 'markdown'],
  defaultFormat: 'text',
  capabilities: {
    body: 'request',
    endpoint: 'command',
    alertsPerMessage: 1,
    mentions: { mobiles: 'no', userIds: false, all: 'none' },
    mentionFollowUp: false,
    showsRequestBody: false,
    runsProgram: true,
    signing: DINGTALK_STYLE,
  },
  limits: { windows: [] },
  // Exit code 0 is the first check; any output passes unless the person sets a rule.
  defaultVerify: { type: 'regex', pattern: '[\\s\\S]*' },
  example: { command: ['true'] },
  checkOwnFields(draft, issue) {
    draft.command.forEach((arg, i) => {
      if (arg.includes('\0')) issue(['command', i], say('channel.commandNul'))
    })
    if (!draft.command[0]?.trim()) issue(['command'], say('channel.needsCommand'))
  },
  testFormat: (format) => format ?? 'text',
}
