import type { ErrcodeInfo } from '../wecom/errcodes'
import { say } from '../../text/core-text'

/** Feishu/Lark custom bot answers: `code` 0 is success (older bots: `StatusCode`). */
const TABLE: Record<number, ErrcodeInfo> = {
  19001: {
    outcome: 'permanent',
    retry: 'robot-gone',
    meaning: say('feishu.19001'),
    fix: say('feishu.19001Fix'),
  },
  19002: {
    outcome: 'permanent',
    meaning: say('feishu.19002'),
    fix: say('dingtalk.bugFix'),
  },
  19007: {
    outcome: 'permanent',
    retry: 'robot-gone',
    meaning: say('feishu.19007'),
    fix: say('feishu.19007Fix'),
  },
  19021: {
    outcome: 'permanent',
    meaning: say('feishu.19021'),
    fix: say('feishu.19021Fix'),
  },
  19022: {
    outcome: 'permanent',
    meaning: say('feishu.19022'),
    fix: say('feishu.19022Fix'),
  },
  19024: {
    outcome: 'permanent',
    meaning: say('feishu.19024'),
    fix: say('feishu.19024Fix'),
  },
  9499: {
    outcome: 'rate_limited',
    meaning: say('feishu.9499'),
    fix: say('feishu.throttledFix'),
  },
  11232: {
    outcome: 'rate_limited',
    meaning: say('feishu.11232'),
    fix: say('feishu.throttledFix'),
  },
}

/** What a Feishu/Lark code means and what to do. */
export function feishuCodeInfo(code: number): ErrcodeInfo {
  return (
    TABLE[code] ?? {
      outcome: 'permanent',
      meaning: say('feishu.unknown', { code }),
      fix: say('feishu.unknownFix'),
    }
  )
}

export const FEISHU_KNOWN_CODES = Object.keys(TABLE).map(Number)
