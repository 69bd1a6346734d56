/**
 * The English templates of the sentences the settings, the template lint and the relay's own
 * state write (`{name}`: a parameter). The code is the key; the sentence must read exactly as the
 * code that writes it (test/unit/text/core-text.test.ts checks each writer against it).
 */
export const SETTINGS_TEXTS = {
  // settings/fields.ts
  'field.webhookEmpty':
    'The webhook URL is empty: paste the robot URL from the group settings in WeCom.',
  'field.webhookInvalid':
    'The webhook URL is not a valid URL: it should look like https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
  'field.webhookScheme': 'The webhook URL must start with https:// or http://, not {scheme}.',
  'field.webhookNoKey':
    'The webhook URL has no key parameter: copy the full URL, including ?key=…, from the robot settings.',
  'field.hostNotWecom':
    'The host is {host}, not qyapi.weixin.qq.com: fine for a gateway or the simulator, but check it if you meant a real WeCom robot.',
  'field.notMobile':
    '"{item}" is not a mobile number: enter 11-digit mobiles (or +country code and digits) or @all, separated by commas.',
  'field.proxyInvalid': '"{input}" is not a proxy address: write it as http://host:port.',
  'field.proxyType': 'Proxies of type {type} are not supported: use an http:// or https:// proxy.',
  'field.proxyNoHost': 'The proxy has no host: write it as http://host:port.',
  'field.proxyNoPort': 'The proxy {host} has no port: write it as {example}.',
  'field.proxyPath':
    'A proxy address is only scheme, host and port: remove the path after the port.',
  'field.regexUnclosedGroup':
    'The regular expression "{pattern}" opens a "(" it never closes: add the ")", or write \\( for a bracket meant literally.',
  'field.regexUnopenedGroup':
    'The regular expression "{pattern}" closes a ")" it never opened: add the "(", or write \\) for a bracket meant literally.',
  'field.regexUnclosedClass':
    'The regular expression "{pattern}" opens a "[" it never closes: add the "]", or write \\[ for a bracket meant literally.',
  'field.regexNothingToRepeat':
    'The regular expression "{pattern}" has a *, + or ? with nothing before it to repeat: put it after a character, or write \\* for one meant literally.',
  'field.regexInvalid':
    'The regular expression "{pattern}" is not valid: check its brackets, quantifiers and backslashes, and write \\ before a character meant literally.',
  'field.regexUnsupported':
    'The regular expression "{pattern}" cannot be used ({why}): lookarounds and back-references are not supported, so rewrite it without them or use an exact match.',
  'field.notMatcher':
    '"{input}" is not a matcher: write name=value, name!=value, name=~regex or name!~regex.',
  // settings/schema.ts and errors.ts (a lower-case zod message gets "This value " and a full stop)
  'field.mustBeText': 'This value must be text.',
  'field.mustBeBoolean': 'This value must be true or false.',
  'field.mustBeNumber': 'This value must be a number ({what}).',
  'field.mustBeNumberBare': 'This value must be a number.',
  'field.mustBeWhole': 'This value must be a whole number ({what}).',
  'field.mustBeWholeBare': 'This value must be a whole number.',
  'field.atLeast': 'This value must be at least {min} ({what}).',
  'field.atMost': 'This value must be at most {max} ({what}).',
  'field.atMostBare': 'This value must be at most {max}.',
  'field.required': 'This value is required but missing.',
  'field.unknownKey': 'Unknown key {keys}: remove it or check the spelling.',
  'field.unknownKeys': 'Unknown keys {keys}: remove them or check the spelling.',
  'field.needsStatusCode': 'This value needs at least one HTTP status code.',
  'field.verifyType': 'This value type must be "json", "regex" or "status".',
  'field.mobileList': 'This value must be a list of mobile numbers.',
  'field.userIdList': 'This value must be a list of WeCom user IDs.',
  'field.dottedPath': 'This value must be a dotted path, such as data.alerts.',
  'field.dottedPathBare': 'This value must be a dotted path.',
  'field.whenAcknowledged': 'This value whenAcknowledged must be "hold" or "keep-sending".',
  'field.nameEmpty':
    'The channel name is empty: give it a name people recognise, such as "oncall".',
  'field.nameLong': 'The channel name is longer than 64 characters: shorten it.',
  'field.channelType':
    'The channel type must be "wecom", "dingtalk", "feishu", "http" or "script".',
  'field.notUserId':
    '"{id}" is not a WeCom user ID: use the account ID from the admin console (letters, digits, . _ - @), or @all.',
  'field.format':
    'The format must be "text", "markdown" or "markdown_v2" (WeCom), "text" or "markdown" (DingTalk), or "text", "post" or "interactive" (Feishu/Lark).',
  'field.method': 'The method must be "POST" or "PUT".',
  'field.messageLanguage': 'The message language must be "en" or "zh".',
  'field.stormThreshold': 'The storm threshold must be "auto" or a number of alerts waiting.',
  'field.routeChannels': 'A route needs at least one channel.',
  'field.appLanguage': 'The language must be "en" or "zh".',
  'field.notifications': 'Notifications must be "off", "critical" or "all".',
  'field.linkBaseUrl':
    'The link address must start with http:// or https:// and name a host, such as http://ops-pc:8761, or be empty for no links.',
  'field.timeZone':
    "The time zone is not known: use an IANA name such as Asia/Shanghai, or leave it empty for this machine's.",
  'field.duplicateName': 'Another channel is already called "{name}": choose a different name.',
  'field.routeNoChannel': 'No channel is called "{name}": create it or fix the route.',
  'field.defaultNoChannel':
    'No channel is called "{name}": create it or remove it from the default channels.',
  'field.tokenNeeded':
    'The listener binds to {host}, which other machines can reach: set a token so that only your senders can post alerts.',
  'field.unknownMask': 'This is a masked value the relay does not know: type the real one.',
  // settings/channel-types.ts
  'channel.urlEmpty': 'The {what} is empty: paste it, for example {example}',
  'channel.urlInvalid': 'The {what} is not a valid URL: it should look like {example}',
  'channel.urlScheme': 'The {what} must start with https:// or http://, not {scheme}.',
  'channel.notDingTalk':
    'This is not a DingTalk robot URL: it must be …/robot/send?access_token=…, as in {example}',
  'channel.dingTalkNoToken':
    'The DingTalk robot URL has no access_token: copy the full Webhook, including ?access_token=…, from the robot settings.',
  'channel.hostNotDingTalk':
    'The host is {host}, not oapi.dingtalk.com: fine for a gateway or the simulator, but check it if you meant a real DingTalk robot.',
  'channel.notFeishu':
    'This is not a Feishu/Lark bot URL: it must be …/open-apis/bot/v2/hook/…, as in {example}',
  'channel.feishuNoToken':
    'The Feishu/Lark bot URL has no token after /hook/: copy the full webhook address from the bot settings.',
  'channel.hostNotFeishu':
    'The host is {host}, not open.feishu.cn or open.larksuite.com: fine for a gateway or the simulator, but check it if you meant a real Feishu/Lark bot.',
  'channel.noRobotUrl': 'A {kind} channel has no robot URL: put the address in "{field}" instead.',
  'channel.onlyHttpUrl': 'Only HTTP channels have a "url": a {kind} channel uses "webhookUrl".',
  'channel.needsCommand':
    'A script channel needs a command: a list with the program and its arguments, such as ["/usr/local/bin/notify", "--team", "db"].',
  'channel.onlyScriptCommand':
    'Only script channels run a command: remove "command" from this {kind} channel.',
  'channel.feishuMobiles':
    'Feishu/Lark bots cannot mention by mobile number: put the people\'s user ids (ou_…) in "mentionUserIds", or use @all.',
  'channel.noMentions': 'A {kind} channel cannot @mention anyone: remove the mobile numbers.',
  'channel.userIdsOnly': 'Only {types} channels mention by user id: use "mentionMobiles".',
  'channel.notFeishuUser':
    '"{id}" is not a Feishu/Lark user id: use the open_id (ou_…), the user_id, or "all".',
  'channel.formatForType': 'A {kind} channel\'s format must be {formats}, not "{format}".',
  'channel.perMinuteZero':
    'A {kind} channel needs a per-minute limit of at least 1 (0, no limit, is for HTTP and script channels).',
  'channel.weComLimit':
    'WeCom robots accept at most 20 messages a minute: add robots (extra webhook URLs) for more.',
  'channel.typeLimit':
    '{kind}s accept at most {limit} messages a minute: add robots (extra webhook URLs) for more.',
  // settings/channel-edits.ts: warnings before a save
  'channel.proxyHttps':
    'If this proxy does not support HTTPS (CONNECT), change https to http in the webhook URL.',
  'channel.markdownMobiles':
    'Markdown messages cannot @mention by mobile number: the relay sends a short text message right after, which uses one more message of the 20 a minute.',
  'channel.markdownV2Ids':
    'Markdown v2 cannot @mention anyone: the user IDs are mentioned in a short text message sent right after, which uses one more message of the 20 a minute.',
  // templates/parse.ts and lint.ts
  'lint.unclosed': 'This “${” is never closed: add “}” after the variable name.',
  'lint.noName': '“${}” has no variable name: write one, such as ${alarm_name}.',
  'lint.fallbackSyntax': 'A fallback is written ${{name}:-text}, with ":-".',
  'lint.badName':
    '"{name}" is not a variable name: use letters, digits and _ (and labels.X or annotations.X).',
  'lint.unknownSuggest':
    '${{name}} is not a known variable and will render empty. Did you mean ${{suggestion}}?',
  'lint.unknownFallbackSuggest':
    '${{name}} is not a known variable and will render empty (its fallback is used). Did you mean ${{suggestion}}?',
  'lint.unknown':
    '${{name}} is not a known variable and will render empty. Pick one from the variable list.',
  'lint.unknownFallback':
    '${{name}} is not a known variable and will render empty (its fallback is used). Pick one from the variable list.',
  'lint.empty': 'The template is empty: WeCom rejects empty messages (errcode 44004).',
  'lint.allVariables':
    'Every line holds a variable, so an alert without these variables renders nothing (lines whose variables are all empty are dropped): add a line of plain text, or a fallback such as ${alarm_name:-Alert}.',
  'lint.fontText':
    'Text messages do not show <font> colours: the tag appears as written. Use the Markdown format for colours.',
  'lint.fontV2':
    'Markdown v2 messages do not show <font> colours: the tag appears as written. Use the Markdown format for colours.',
  // storage-health.ts
  'storage.failing':
    "The relay cannot write to its data folder ({code} while {what}): free disk space or fix the folder's permissions.",
  'storage.failingOne':
    "The relay cannot write to its data folder ({code} while {what}): free disk space or fix the folder's permissions; until then, 1 delivered alert is not recorded as delivered, and a restart before then sends it again.",
  'storage.failingMany':
    "The relay cannot write to its data folder ({code} while {what}): free disk space or fix the folder's permissions; until then, {count} delivered alerts are not recorded as delivered, and a restart before then sends them again.",
  // http/server.ts: a listener, the simulator or the window server that could not start
  'listen.inUse':
    '{who} could not start: {address} is already in use: stop the other program or {todo}.',
  'listen.notOurs':
    '{who} could not start: {host} is not an address of this machine: use 127.0.0.1, 0.0.0.0 or one of its own addresses.',
  'listen.denied':
    '{who} could not start: Not allowed to listen on {address}: choose a port above 1024.',
  'listen.unknownHost':
    '{who} could not start: {host} is not a known host name: use an IP address such as 127.0.0.1.',
  'listen.other': '{who} could not start: Cannot listen on {address} ({why}).',
  'listen.simulator':
    'The built-in WeCom simulator could not start on {address} ({why}): free the port or change simulator.port in the settings.',
  // Written forward by their code (#25)
  'field.nameHidden':
    'The channel name contains an invisible or control character (U+{code}), so it could look like another channel: type the name again with visible characters only.',
  'field.nameReserved':
    '"{name}" cannot be a channel name (it is reserved): choose another, such as "oncall".',
  'phrase.alertsOrAuto': 'alerts waiting, or "auto"',
  'channel.urlControls':
    'The URL contains a line break, tab or control character: paste it again on one line.',
  'channel.commandNul':
    'A command cannot contain a NUL byte (the system cannot pass it): remove it from this argument.',
} as const
