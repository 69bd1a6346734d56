import type { ErrcodeInfo } from '../wecom/errcodes'

/** Feishu/Lark custom bot answers: `code` 0 is success (older bots: `StatusCode`). */
const TABLE: Record<number, ErrcodeInfo> = {
  19001: {
    outcome: 'permanent',
    retry: 'robot-gone',
    meaning:
      'Feishu/Lark does not know this webhook token: the bot was removed or the URL is incomplete.',
    fix: 'Copy the webhook address again from the bot settings in the group and update the channel.',
  },
  19002: {
    outcome: 'permanent',
    meaning: 'Feishu/Lark found the message malformed (a missing msg_type or content).',
    fix: 'Report it as a relay bug, with the message from the history.',
  },
  19007: {
    outcome: 'permanent',
    retry: 'robot-gone',
    meaning: 'The bot does not exist or is not in the group any more.',
    fix: 'Add the bot to the group again and use its new webhook address.',
  },
  19021: {
    outcome: 'permanent',
    meaning:
      "The signature was rejected: the signature key is wrong, or this computer's clock is more than an hour off.",
    fix: "Check the channel's signature key (签名校验 secret) and this computer's clock.",
  },
  19022: {
    outcome: 'permanent',
    meaning: "The bot's IP allow-list does not include this computer's address.",
    fix: "Add this address to the bot's IP allow-list, or send through a proxy that is on it.",
  },
  19024: {
    outcome: 'permanent',
    meaning: "The message does not contain any of the bot's custom keywords.",
    fix: 'Put one of the keywords in the channel template (a fixed word in the title works).',
  },
  9499: {
    outcome: 'rate_limited',
    meaning: 'Feishu/Lark throttled the bot: more than 100 messages a minute or 5 a second.',
    fix: 'Wait a minute; keep aggregation on and add bots to the channel (extra webhook URLs) to carry more.',
  },
  11232: {
    outcome: 'rate_limited',
    meaning: 'Feishu/Lark throttled the bot (frequency limited).',
    fix: 'Wait a minute; keep aggregation on and add bots to the channel (extra webhook URLs) to carry more.',
  },
}

/** What a Feishu/Lark code means and what to do. */
export function feishuCodeInfo(code: number): ErrcodeInfo {
  return (
    TABLE[code] ?? {
      outcome: 'permanent',
      meaning: `Feishu/Lark answered code ${code}.`,
      fix: 'Look the code up in the Feishu/Lark custom bot documentation and check the bot settings.',
    }
  )
}

export const FEISHU_KNOWN_CODES = Object.keys(TABLE).map(Number)
