/**
 * What the robot's errcode means and what the person should do. WeCom answers most failures with
 * HTTP 200 and errcode != 0, with a variable errmsg suffix: branch on the code, never on errmsg.
 */

/** success: delivered · rate_limited: wait out the window · retryable: try again later · permanent: retrying cannot help */
export type Outcome = 'success' | 'rate_limited' | 'retryable' | 'permanent'

/**
 * What delivery does beyond the outcome, from the type's own table: set the robot aside (it is
 * gone), send again shorter (too long), or rest the robot several windows (DingTalk's 130101
 * blocks it for 10 minutes).
 */
export interface RetryClass {
  retry?: 'robot-gone' | 'too-long'
  restWindows?: number
}

export interface ErrcodeInfo extends RetryClass {
  outcome: Outcome
  meaning: CoreText
  /** Absent on success. */
  fix?: CoreText
}

const TABLE: Record<number, ErrcodeInfo> = {
  0: { outcome: 'success', meaning: say('wecom.accepted') },
  [-1]: {
    outcome: 'retryable',
    meaning: say('wecom.busy'),
    fix: say('wecom.busyFix'),
  },
  93000: {
    outcome: 'permanent',
    retry: 'robot-gone',
    meaning: say('wecom.93000'),
    fix: say('wecom.93000Fix'),
  },
  93004: {
    outcome: 'permanent',
    retry: 'robot-gone',
    meaning: say('wecom.disabled'),
    fix: say('wecom.disabledFix'),
  },
  93008: {
    outcome: 'permanent',
    retry: 'robot-gone',
    meaning: say('wecom.93008'),
    fix: say('wecom.93008Fix'),
  },
  40008: {
    outcome: 'permanent',
    meaning: say('wecom.40008'),
    fix: say('wecom.40008Fix'),
  },
  40058: {
    outcome: 'permanent',
    retry: 'too-long',
    meaning: say('wecom.40058'),
    fix: say('wecom.40058Fix'),
  },
  44004: {
    outcome: 'permanent',
    meaning: say('wecom.44004'),
    fix: say('wecom.44004Fix'),
  },
  45009: {
    outcome: 'rate_limited',
    meaning: say('wecom.45009'),
    fix: say('wecom.45009Fix'),
  },
  310000: {
    outcome: 'permanent',
    meaning: say('wecom.310000'),
    fix: say('wecom.310000Fix'),
  },
  130101: {
    outcome: 'rate_limited',
    restWindows: 10,
    meaning: say('wecom.130101'),
    fix: say('wecom.130101Fix'),
  },
}

const TEMPLATE_CARD: ErrcodeInfo = {
  outcome: 'permanent',
  meaning: say('wecom.card'),
  fix: say('wecom.cardFix'),
}

export function errcodeInfo(errcode: number): ErrcodeInfo {
  const known = TABLE[errcode]
  if (known) return known
  if (errcode >= 42027 && errcode <= 42052) return TEMPLATE_CARD
  return {
    outcome: 'permanent',
    meaning: say('wecom.unknown', { code: errcode }),
    fix: say('wecom.unknownFix', { code: errcode }),
  }
}

/** The codes the relay has a specific explanation for (the tests walk them all). */
export const KNOWN_ERRCODES = Object.keys(TABLE).map(Number)

import { say, type CoreText } from '../../text/core-text'
