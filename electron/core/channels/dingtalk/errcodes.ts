import type { ErrcodeInfo } from '../wecom/errcodes'

/**
 * DingTalk custom robot answers: HTTP 200 with `errcode` (0 is success). Branch on the code;
 * errmsg wording changes.
 */
const TABLE: Record<number, ErrcodeInfo> = {
  [-1]: {
    outcome: 'retryable',
    meaning: 'DingTalk reported that it is busy.',
    fix: 'Nothing to change: the relay retries with backoff.',
  },
  300001: {
    outcome: 'permanent',
    retry: 'robot-gone',
    meaning:
      'DingTalk does not know this access_token: the robot was removed or the URL is incomplete.',
    fix: 'Copy the Webhook again from the robot settings in the DingTalk group and update the channel.',
  },
  300005: {
    outcome: 'permanent',
    retry: 'robot-gone',
    meaning: 'DingTalk does not know this access_token.',
    fix: 'Copy the Webhook again from the robot settings in the DingTalk group and update the channel.',
  },
  310000: {
    outcome: 'permanent',
    meaning:
      "The robot's security settings rejected the message: the signature did not match (wrong secret or a clock off by more than an hour), a required keyword is missing, or this computer's IP is not allowed.",
    fix: "Check the signature key (加签 secret, SEC…) and this computer's clock; if the robot uses keywords, put one in the template; if it uses an IP list, add this address.",
  },
  130101: {
    outcome: 'rate_limited',
    restWindows: 10,
    meaning:
      'The robot sent more than 20 messages in a minute and DingTalk blocks it for 10 minutes.',
    fix: 'Wait 10 minutes; keep aggregation on and add robots to the channel (extra webhook URLs) to carry more.',
  },
  410100: {
    outcome: 'rate_limited',
    meaning: 'DingTalk throttled the robot (sending too fast).',
    fix: 'Wait, then add robots to the channel or enable aggregation.',
  },
  400013: {
    outcome: 'permanent',
    meaning: 'The DingTalk group was dissolved.',
    fix: 'Add a robot to a live group and use its Webhook.',
  },
  400101: {
    outcome: 'permanent',
    retry: 'robot-gone',
    meaning: 'The access_token does not exist.',
    fix: 'Copy the Webhook again from the robot settings.',
  },
  400102: {
    outcome: 'permanent',
    retry: 'robot-gone',
    meaning: 'The robot is disabled.',
    fix: 'Ask a group admin to enable the robot again, or create a new one.',
  },
  400105: {
    outcome: 'permanent',
    meaning: 'DingTalk does not support this message type.',
    fix: 'Use the text or markdown format; if it persists, report it as a relay bug.',
  },
  400106: {
    outcome: 'permanent',
    retry: 'robot-gone',
    meaning: 'The robot does not exist.',
    fix: 'Add a robot to the group again and use its new Webhook.',
  },
  40035: {
    outcome: 'permanent',
    meaning: 'DingTalk found a required parameter missing in the message.',
    fix: 'Report it as a relay bug, with the message from the history.',
  },
  43004: {
    outcome: 'permanent',
    meaning: 'DingTalk rejected the Content-Type of the request.',
    fix: 'A proxy or gateway may rewrite headers: check it, or report it as a relay bug.',
  },
  460101: {
    outcome: 'permanent',
    meaning: 'The message is longer than DingTalk allows (20,000 bytes).',
    fix: 'Shorten the template; the relay cuts messages to the limit before sending.',
  },
  430101: {
    outcome: 'permanent',
    meaning: 'DingTalk rejected a link in the message as unsafe.',
    fix: 'Remove or change the link in the template.',
  },
  430104: {
    outcome: 'permanent',
    meaning: 'DingTalk rejected the content of the message.',
    fix: 'Check the message text for words DingTalk blocks.',
  },
}

/** What a DingTalk errcode means and what to do. */
export function dingtalkErrcodeInfo(errcode: number): ErrcodeInfo {
  return (
    TABLE[errcode] ?? {
      outcome: 'permanent',
      meaning: `DingTalk answered errcode ${errcode}.`,
      fix: 'Look the code up in the DingTalk custom robot documentation (open.dingtalk.com) and check the robot settings.',
    }
  )
}

export const DINGTALK_KNOWN_ERRCODES = Object.keys(TABLE).map(Number)
