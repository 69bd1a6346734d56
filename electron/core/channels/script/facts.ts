import { DINGTALK_STYLE, type ChannelFacts } from '../channel-facts'

/** A local program run once per alert, the alert on its stdin and in its environment. */
export const scriptFacts: ChannelFacts = {
  id: 'script',
  name: 'local script',
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
      if (arg.includes('\0'))
        issue(
          ['command', i],
          'A command cannot contain a NUL byte (the system cannot pass it): remove it from this argument.',
        )
    })
    if (!draft.command[0]?.trim())
      issue(
        ['command'],
        'A script channel needs a command: a list with the program and its arguments, such as ["/usr/local/bin/notify", "--team", "db"].',
      )
  },
  testFormat: (format) => format ?? 'text',
}
