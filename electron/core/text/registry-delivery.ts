/**
 * The English templates of what the senders, the delivery engine and the staged test write:
 * errcode explanations per platform, transport failures, reply classification, scripts, the
 * reasons History shows and the stages' details. Codes beside the English; the senders keep
 * writing English (test/unit/text/core-text.test.ts walks their tables against these).
 */
export const DELIVERY_TEXTS = {
  // channels/wecom/errcodes.ts
  'wecom.accepted': 'The robot accepted the message.',
  'wecom.busy': 'WeCom reported that it is busy.',
  'wecom.busyFix': 'Nothing to change: the relay retries with backoff.',
  'wecom.93000':
    'The webhook key is invalid: the key is wrong, or the robot was removed from the group.',
  'wecom.93000Fix':
    'Copy the webhook URL again from the robot in the group settings (Group Robot), and update the channel.',
  'wecom.disabled': 'The robot is disabled.',
  'wecom.disabledFix': 'Ask a group admin to enable the robot again, or create a new one.',
  'wecom.93008': 'The robot is no longer in the group.',
  'wecom.93008Fix': 'Add a robot to the group again and use its new webhook URL.',
  'wecom.40008': 'WeCom did not recognise the message type.',
  'wecom.40008Fix':
    'Use the text, markdown or markdown_v2 format; if it persists, report it as a relay bug.',
  'wecom.40058':
    'A field of the message is longer than WeCom allows (2048 bytes for text, 4096 for Markdown).',
  'wecom.40058Fix': 'Shorten the template; the relay shrinks and resends automatically.',
  'wecom.44004': 'The message content was empty.',
  'wecom.44004Fix': 'Check the channel template: it rendered nothing for this alert.',
  'wecom.45009': 'The robot is over its limit of 20 messages a minute.',
  'wecom.45009Fix':
    'Wait a minute; to carry more, add robots to the channel (extra webhook URLs) and keep aggregation on.',
  'wecom.310000':
    'The signature was rejected (DingTalk-style sign mismatch or a clock more than an hour off).',
  'wecom.310000Fix': "Check the channel's signature key and this computer's clock.",
  'wecom.130101': 'The robot is over its limit (DingTalk: 20 a minute, blocked for 10 minutes).',
  'wecom.130101Fix': 'Wait, then add robots or enable aggregation.',
  'wecom.card': 'A template_card field is invalid.',
  'wecom.cardFix': 'Check the card fields named in errmsg.',
  'wecom.unknown': 'WeCom answered errcode {code}.',
  'wecom.unknownFix': 'Look the code up at https://open.work.weixin.qq.com/devtool/query?e={code}.',
  // channels/dingtalk/errcodes.ts
  'dingtalk.busy': 'DingTalk reported that it is busy.',
  'dingtalk.300001':
    'DingTalk does not know this access_token: the robot was removed or the URL is incomplete.',
  'dingtalk.tokenFix':
    'Copy the Webhook again from the robot settings in the DingTalk group and update the channel.',
  'dingtalk.300005': 'DingTalk does not know this access_token.',
  'dingtalk.310000':
    "The robot's security settings rejected the message: the signature did not match (wrong secret or a clock off by more than an hour), a required keyword is missing, or this computer's IP is not allowed.",
  'dingtalk.310000Fix':
    "Check the signature key (加签 secret, SEC…) and this computer's clock; if the robot uses keywords, put one in the template; if it uses an IP list, add this address.",
  'dingtalk.130101':
    'The robot sent more than 20 messages in a minute and DingTalk blocks it for 10 minutes.',
  'dingtalk.130101Fix':
    'Wait 10 minutes; keep aggregation on and add robots to the channel (extra webhook URLs) to carry more.',
  'dingtalk.410100': 'DingTalk throttled the robot (sending too fast).',
  'dingtalk.410100Fix': 'Wait, then add robots to the channel or enable aggregation.',
  'dingtalk.400013': 'The DingTalk group was dissolved.',
  'dingtalk.400013Fix': 'Add a robot to a live group and use its Webhook.',
  'dingtalk.400101': 'The access_token does not exist.',
  'dingtalk.400101Fix': 'Copy the Webhook again from the robot settings.',
  'dingtalk.400105': 'DingTalk does not support this message type.',
  'dingtalk.400105Fix':
    'Use the text or markdown format; if it persists, report it as a relay bug.',
  'dingtalk.400106': 'The robot does not exist.',
  'dingtalk.400106Fix': 'Add a robot to the group again and use its new Webhook.',
  'dingtalk.40035': 'DingTalk found a required parameter missing in the message.',
  'dingtalk.bugFix': 'Report it as a relay bug, with the message from the history.',
  'dingtalk.43004': 'DingTalk rejected the Content-Type of the request.',
  'dingtalk.43004Fix':
    'A proxy or gateway may rewrite headers: check it, or report it as a relay bug.',
  'dingtalk.460101': 'The message is longer than DingTalk allows (20,000 bytes).',
  'dingtalk.460101Fix':
    'Shorten the template; the relay cuts messages to the limit before sending.',
  'dingtalk.430101': 'DingTalk rejected a link in the message as unsafe.',
  'dingtalk.430101Fix': 'Remove or change the link in the template.',
  'dingtalk.430104': 'DingTalk rejected the content of the message.',
  'dingtalk.430104Fix': 'Check the message text for words DingTalk blocks.',
  'dingtalk.unknown': 'DingTalk answered errcode {code}.',
  'dingtalk.unknownFix':
    'Look the code up in the DingTalk custom robot documentation (open.dingtalk.com) and check the robot settings.',
  // channels/feishu/errcodes.ts
  'feishu.19001':
    'Feishu/Lark does not know this webhook token: the bot was removed or the URL is incomplete.',
  'feishu.19001Fix':
    'Copy the webhook address again from the bot settings in the group and update the channel.',
  'feishu.19002': 'Feishu/Lark found the message malformed (a missing msg_type or content).',
  'feishu.19007': 'The bot does not exist or is not in the group any more.',
  'feishu.19007Fix': 'Add the bot to the group again and use its new webhook address.',
  'feishu.19021':
    "The signature was rejected: the signature key is wrong, or this computer's clock is more than an hour off.",
  'feishu.19021Fix':
    "Check the channel's signature key (签名校验 secret) and this computer's clock.",
  'feishu.19022': "The bot's IP allow-list does not include this computer's address.",
  'feishu.19022Fix':
    "Add this address to the bot's IP allow-list, or send through a proxy that is on it.",
  'feishu.19024': "The message does not contain any of the bot's custom keywords.",
  'feishu.19024Fix':
    'Put one of the keywords in the channel template (a fixed word in the title works).',
  'feishu.9499': 'Feishu/Lark throttled the bot: more than 100 messages a minute or 5 a second.',
  'feishu.throttledFix':
    'Wait a minute; keep aggregation on and add bots to the channel (extra webhook URLs) to carry more.',
  'feishu.11232': 'Feishu/Lark throttled the bot (frequency limited).',
  'feishu.unknown': 'Feishu/Lark answered code {code}.',
  'feishu.unknownFix':
    'Look the code up in the Feishu/Lark custom bot documentation and check the bot settings.',
  // channels/http/classify.ts, wecom.ts, http/transport.ts, verify.ts
  'reply.accepted': '{who} accepted the message.',
  'reply.429': 'The server answered HTTP 429 (too many requests).',
  'reply.429Fix':
    "Wait a minute; lower the channel's per-minute limit or add robots to carry more.",
  'reply.429FixWecom': 'Wait a minute; add robots to carry more.',
  'reply.status': 'The server answered HTTP {status}.',
  'reply.statusReason': 'The server answered HTTP {status}: {reason}',
  'reply.404': 'The server answered HTTP 404: there is nothing at this URL.',
  'reply.404Wecom': 'The server answered HTTP 404: there is no robot endpoint at this URL.',
  'reply.serverFix': 'A temporary server or gateway problem: the relay retries with backoff.',
  'reply.proxy407': 'The proxy requires a user name and password (HTTP 407).',
  'reply.proxy407Wrong': 'The proxy rejected the user name or password (HTTP 407).',
  'reply.proxy407Fix': 'Put the credentials in the proxy field: http://user:password@host:port.',
  'reply.checkUrl': 'Check the URL: it should be {hint}.',
  'reply.checkWebhook': 'Check the webhook URL: it should be …/cgi-bin/webhook/send?key=….',
  'reply.notJson': 'The server answered HTTP {status} with {kind}, not the JSON reply of {who}.',
  'reply.notJsonWecom': "The server answered HTTP {status} with {kind}, not a robot's JSON reply.",
  'reply.notJsonFix':
    'The URL does not reach {who} (a login page, captive portal or wrong host?): check the URL ({hint}) and the proxy.',
  'reply.notJsonFixWecom':
    'The URL does not reach a WeCom robot (a login page, captive portal or wrong host?): check the URL and proxy.',
  'reply.verifyFailed': 'The response failed verification: {reason}',
  'reply.verifyFix':
    "Check the channel's response verification rule against what the server really answers.",
  'reply.verifyFixWecom':
    'Check the channel\'s response verification rule; WeCom answers {"errcode":0,"errmsg":"ok"}.',
  'reply.badWebhook': 'The webhook URL is not a valid URL.',
  'reply.badWebhookFix': 'Copy the webhook URL again from the robot settings.',
  'reply.badUrl': 'The channel URL is not a valid URL.',
  'reply.badUrlFix': 'Copy the URL again from the robot or service settings.',
  'verify.status': 'HTTP status {status} is not one of {codes}.',
  'verify.regex': 'The response did not match /{pattern}/.',
  'verify.notObject': 'The response is not a JSON object.',
  'verify.json': 'The response has {key}={actual}, expected {expected}.',
  // channels/script/sender.ts
  'script.notFound': 'The program {program} was not found.',
  'script.notExecutable': 'The program {program} is not executable (permission denied).',
  'script.cannotStart': 'The program {program} could not be started ({code}).',
  'script.programFix':
    'Give the full path of an executable program as the first item of "command".',
  'script.timeout':
    'The script did not finish within {seconds} s and was stopped (with its child processes).',
  'script.timeoutFix':
    "Make the script faster (curl -m 10, for example) or raise the channel's timeoutSeconds.",
  'script.exitCode': 'The script exited with code {code}: {why}.',
  'script.exitCodeSilent': 'The script exited with code {code} and printed nothing on stderr.',
  'script.exitSignal': 'The script exited with signal {signal}: {why}.',
  'script.exitSignalSilent':
    'The script exited with signal {signal} and printed nothing on stderr.',
  'script.exitFix':
    'Run the command by hand with the same input to see why it fails; it must exit 0 once the alert is delivered.',
  'script.ok': 'The script ran and its response passed verification.',
  'script.verifyFailed': "The script's response failed verification: {reason}",
  'script.verifyFix':
    'Make the script print only the response (curl -s, no progress or logging on stdout), or change the verification rule.',
  // delivery/shared-robots.ts: a webhook two channels post to (#23)
  'channel.sharedRobot':
    'This webhook is also used by {channels}: the channels share one robot budget, and when it runs short the most severe alerts go first.',
  // Written forward by their code (#25): a send that failed in the relay, an HTTP channel's headers
  'send.poolStuck':
    'The request did not leave or end within {seconds} s (its connections were stuck); they were replaced.',
  'send.poolStuckFix':
    "Nothing to do: the next attempt uses new connections. If it repeats, check the endpoint and the channel's headers.",
  'send.unexpected': 'The send failed before an answer came back: {what}.',
  'send.unexpectedFix':
    'The relay retries it; if it keeps failing, send the History entry to the maintainers.',
  'send.badHeaderFix': "Correct the channel's headers in the settings.",
  'header.badName':
    'The header name "{name}" is not valid: use letters, digits and - only (no spaces or colons), such as X-Api-Key.',
  'header.reserved':
    'The header "{name}" is set by the relay for each request: remove it from the channel\'s headers.',
  'header.badValue':
    'The value of header "{name}" contains a line break or control character: paste it again without the trailing newline.',
} as const
