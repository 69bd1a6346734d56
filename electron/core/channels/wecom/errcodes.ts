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
  meaning: string
  fix: string
}

const TABLE: Record<number, ErrcodeInfo> = {
  0: { outcome: 'success', meaning: 'The robot accepted the message.', fix: '' },
  [-1]: {
    outcome: 'retryable',
    meaning: 'WeCom reported that it is busy.',
    fix: 'Nothing to change: the relay retries with backoff.',
  },
  93000: {
    outcome: 'permanent',
    retry: 'robot-gone',
    meaning:
      'The webhook key is invalid: the key is wrong, or the robot was removed from the group.',
    fix: 'Copy the webhook URL again from the robot in the group settings (Group Robot), and update the channel.',
  },
  93004: {
    outcome: 'permanent',
    retry: 'robot-gone',
    meaning: 'The robot is disabled.',
    fix: 'Ask a group admin to enable the robot again, or create a new one.',
  },
  93008: {
    outcome: 'permanent',
    retry: 'robot-gone',
    meaning: 'The robot is no longer in the group.',
    fix: 'Add a robot to the group again and use its new webhook URL.',
  },
  40008: {
    outcome: 'permanent',
    meaning: 'WeCom did not recognise the message type.',
    fix: 'Use the text, markdown or markdown_v2 format; if it persists, report it as a relay bug.',
  },
  40058: {
    outcome: 'permanent',
    retry: 'too-long',
    meaning:
      'A field of the message is longer than WeCom allows (2048 bytes for text, 4096 for Markdown).',
    fix: 'Shorten the template; the relay shrinks and resends automatically.',
  },
  44004: {
    outcome: 'permanent',
    meaning: 'The message content was empty.',
    fix: 'Check the channel template: it rendered nothing for this alert.',
  },
  45009: {
    outcome: 'rate_limited',
    meaning: 'The robot is over its limit of 20 messages a minute.',
    fix: 'Wait a minute; to carry more, add robots to the channel (extra webhook URLs) and keep aggregation on.',
  },
  310000: {
    outcome: 'permanent',
    meaning:
      'The signature was rejected (DingTalk-style sign mismatch or a clock more than an hour off).',
    fix: "Check the channel's signature key and this computer's clock.",
  },
  130101: {
    outcome: 'rate_limited',
    restWindows: 10,
    meaning: 'The robot is over its limit (DingTalk: 20 a minute, blocked for 10 minutes).',
    fix: 'Wait, then add robots or enable aggregation.',
  },
}

const TEMPLATE_CARD: ErrcodeInfo = {
  outcome: 'permanent',
  meaning: 'A template_card field is invalid.',
  fix: 'Check the card fields named in errmsg.',
}

export function errcodeInfo(errcode: number): ErrcodeInfo {
  const known = TABLE[errcode]
  if (known) return known
  if (errcode >= 42027 && errcode <= 42052) return TEMPLATE_CARD
  return {
    outcome: 'permanent',
    meaning: `WeCom answered errcode ${errcode}.`,
    fix: `Look the code up at https://open.work.weixin.qq.com/devtool/query?e=${errcode}.`,
  }
}

/** The codes the relay has a specific explanation for (the tests walk them all). */
export const KNOWN_ERRCODES = Object.keys(TABLE).map(Number)
