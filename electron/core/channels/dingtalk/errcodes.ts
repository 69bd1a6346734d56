import type { ErrcodeInfo } from '../wecom/errcodes'
import { say } from '../../text/core-text'

/**
 * DingTalk custom robot answers: HTTP 200 with `errcode` (0 is success). Branch on the code;
 * errmsg wording changes.
 */
const TABLE: Record<number, ErrcodeInfo> = {
  [-1]: {
    outcome: 'retryable',
    meaning: say('dingtalk.busy'),
    fix: say('wecom.busyFix'),
  },
  300001: {
    outcome: 'permanent',
    retry: 'robot-gone',
    meaning: say('dingtalk.300001'),
    fix: say('dingtalk.tokenFix'),
  },
  300005: {
    outcome: 'permanent',
    retry: 'robot-gone',
    meaning: say('dingtalk.300005'),
    fix: say('dingtalk.tokenFix'),
  },
  310000: {
    outcome: 'permanent',
    meaning: say('dingtalk.310000'),
    fix: say('dingtalk.310000Fix'),
  },
  130101: {
    outcome: 'rate_limited',
    restWindows: 10,
    meaning: say('dingtalk.130101'),
    fix: say('dingtalk.130101Fix'),
  },
  410100: {
    outcome: 'rate_limited',
    meaning: say('dingtalk.410100'),
    fix: say('dingtalk.410100Fix'),
  },
  400013: {
    outcome: 'permanent',
    meaning: say('dingtalk.400013'),
    fix: say('dingtalk.400013Fix'),
  },
  400101: {
    outcome: 'permanent',
    retry: 'robot-gone',
    meaning: say('dingtalk.400101'),
    fix: say('dingtalk.400101Fix'),
  },
  400102: {
    outcome: 'permanent',
    retry: 'robot-gone',
    meaning: say('wecom.disabled'),
    fix: say('wecom.disabledFix'),
  },
  400105: {
    outcome: 'permanent',
    meaning: say('dingtalk.400105'),
    fix: say('dingtalk.400105Fix'),
  },
  400106: {
    outcome: 'permanent',
    retry: 'robot-gone',
    meaning: say('dingtalk.400106'),
    fix: say('dingtalk.400106Fix'),
  },
  40035: {
    outcome: 'permanent',
    meaning: say('dingtalk.40035'),
    fix: say('dingtalk.bugFix'),
  },
  43004: {
    outcome: 'permanent',
    meaning: say('dingtalk.43004'),
    fix: say('dingtalk.43004Fix'),
  },
  460101: {
    outcome: 'permanent',
    meaning: say('dingtalk.460101'),
    fix: say('dingtalk.460101Fix'),
  },
  430101: {
    outcome: 'permanent',
    meaning: say('dingtalk.430101'),
    fix: say('dingtalk.430101Fix'),
  },
  430104: {
    outcome: 'permanent',
    meaning: say('dingtalk.430104'),
    fix: say('dingtalk.430104Fix'),
  },
}

/** What a DingTalk errcode means and what to do. */
export function dingtalkErrcodeInfo(errcode: number): ErrcodeInfo {
  return (
    TABLE[errcode] ?? {
      outcome: 'permanent',
      meaning: say('dingtalk.unknown', { code: errcode }),
      fix: say('dingtalk.unknownFix'),
    }
  )
}

export const DINGTALK_KNOWN_ERRCODES = Object.keys(TABLE).map(Number)
