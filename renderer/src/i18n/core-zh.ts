import type { CoreCode } from '../../../electron/core/text/text-registry'

/**
 * The core's sentences in 简体中文, by code (electron/core/text/registry*.ts holds the English).
 * Typed by the registry: a code without a translation does not compile.
 */
export const CORE_ZH: Record<CoreCode, string> = {
  // settings/fields.ts
  'field.webhookEmpty': 'Webhook 地址为空：请从企业微信群设置中粘贴机器人地址。',
  'field.webhookInvalid':
    'Webhook 地址不是有效的 URL：格式应为 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
  'field.webhookScheme': 'Webhook 地址必须以 https:// 或 http:// 开头，而不是 {scheme}。',
  'field.webhookNoKey': 'Webhook 地址缺少 key 参数：请从机器人设置中复制包含 ?key=… 的完整地址。',
  'field.hostNotWecom':
    '主机是 {host}，不是 qyapi.weixin.qq.com：网关或模拟器可以这样，若要连接真实的企业微信机器人请检查。',
  'field.notMobile':
    '"{item}" 不是手机号：请填写 11 位手机号（或 + 国家码和数字）或 @all，用逗号分隔。',
  'field.proxyInvalid': '"{input}" 不是代理地址：请写成 http://host:port。',
  'field.proxyType': '不支持 {type} 类型的代理：请使用 http:// 或 https:// 代理。',
  'field.proxyNoHost': '代理缺少主机：请写成 http://host:port。',
  'field.proxyNoPort': '代理 {host} 缺少端口：请写成 {example}。',
  'field.proxyPath': '代理地址只包含协议、主机和端口：请删除端口后的路径。',
  'field.regexUnclosedGroup':
    '正则表达式“{pattern}”中的“(”没有闭合：请补上“)”；若要匹配括号本身，请写作 \\(。',
  'field.regexUnopenedGroup':
    '正则表达式“{pattern}”中的“)”没有对应的“(”：请补上“(”；若要匹配括号本身，请写作 \\)。',
  'field.regexUnclosedClass':
    '正则表达式“{pattern}”中的“[”没有闭合：请补上“]”；若要匹配方括号本身，请写作 \\[。',
  'field.regexNothingToRepeat':
    '正则表达式“{pattern}”中的 *、+ 或 ? 前面没有可重复的内容：请把它放在字符之后；若要匹配它本身，请写作 \\*。',
  'field.regexInvalid':
    '正则表达式“{pattern}”无效：请检查其中的括号、量词和反斜杠；要按字面匹配的字符前请加 \\。',
  'field.regexUnsupported':
    '正则表达式 "{pattern}" 无法使用（{why}）：不支持环视和反向引用，请去掉它们改写，或改用精确匹配。',
  'field.notMatcher':
    '"{input}" 不是匹配条件：请写成 name=value、name!=value、name=~regex 或 name!~regex。',
  'field.mustBeText': '此值必须是文本。',
  'field.mustBeBoolean': '此值必须是 true 或 false。',
  'field.mustBeNumber': '此值必须是数字（{what}）。',
  'field.mustBeNumberBare': '此值必须是数字。',
  'field.mustBeWhole': '此值必须是整数（{what}）。',
  'field.mustBeWholeBare': '此值必须是整数。',
  'field.atLeast': '此值不能小于 {min}（{what}）。',
  'field.atMost': '此值不能大于 {max}（{what}）。',
  'field.atMostBare': '此值不能大于 {max}。',
  'field.required': '此值为必填项，但缺失。',
  'field.unknownKey': '未知的键 {keys}：请删除或检查拼写。',
  'field.unknownKeys': '未知的键 {keys}：请删除或检查拼写。',
  'field.needsStatusCode': '此值至少需要一个 HTTP 状态码。',
  'field.verifyType': '此值的 type 必须是 "json"、"regex" 或 "status"。',
  'field.mobileList': '此值必须是手机号列表。',
  'field.userIdList': '此值必须是企业微信用户 ID 列表。',
  'field.dottedPath': '此值必须是点分路径，例如 data.alerts。',
  'field.dottedPathBare': '此值必须是点分路径。',
  'field.whenAcknowledged': '此值 whenAcknowledged 必须是 "hold" 或 "keep-sending"。',
  'field.nameEmpty': '通道名称为空：请起一个大家认得的名字，例如 "oncall"。',
  'field.nameLong': '通道名称超过 64 个字符：请缩短。',
  'field.channelType': '通道类型必须是 "wecom"、"dingtalk"、"feishu"、"http" 或 "script"。',
  'field.notUserId':
    '"{id}" 不是企业微信用户 ID：请使用管理后台中的账号（字母、数字、. _ - @），或 @all。',
  'field.format':
    '格式必须是 "text"、"markdown" 或 "markdown_v2"（企业微信）、"text" 或 "markdown"（钉钉），或 "text"、"post" 或 "interactive"（飞书/Lark）。',
  'field.method': '请求方法必须是 "POST" 或 "PUT"。',
  'field.messageLanguage': '消息语言必须是 "en" 或 "zh"。',
  'field.stormThreshold': '风暴阈值必须是 "auto" 或等待中的告警数量。',
  'field.routeChannels': '一条路由至少需要一个通道。',
  'field.appLanguage': '语言必须是 "en" 或 "zh"。',
  'field.notifications': '通知必须是 "off"、"critical" 或 "all"。',
  'field.linkBaseUrl':
    '链接地址必须以 http:// 或 https:// 开头并包含主机名，例如 http://ops-pc:8761；留空则不加链接。',
  'field.timeZone': '未知的时区：请使用 IANA 名称，例如 Asia/Shanghai，或留空以使用本机时区。',
  'field.duplicateName': '已有通道名为 "{name}"：请换一个名称。',
  'field.routeNoChannel': '没有名为 "{name}" 的通道：请创建它或修改路由。',
  'field.defaultNoChannel': '没有名为 "{name}" 的通道：请创建它或将其从默认通道中移除。',
  'field.tokenNeeded':
    '监听器绑定在 {host}，其他机器可以访问：请设置令牌，只让你的告警源能发送告警。',
  'field.unknownMask': '这是中继不认识的掩码值：请输入真实的值。',
  // settings/channel-types.ts
  'channel.urlEmpty': '{what}为空：请粘贴，例如 {example}',
  'channel.urlInvalid': '{what}不是有效的 URL：格式应为 {example}',
  'channel.urlScheme': '{what}必须以 https:// 或 http:// 开头，而不是 {scheme}。',
  'channel.notDingTalk': '这不是钉钉机器人地址：必须是 …/robot/send?access_token=…，例如 {example}',
  'channel.dingTalkNoToken':
    '钉钉机器人地址缺少 access_token：请从机器人设置中复制包含 ?access_token=… 的完整 Webhook。',
  'channel.hostNotDingTalk':
    '主机是 {host}，不是 oapi.dingtalk.com：网关或模拟器可以这样，若要连接真实的钉钉机器人请检查。',
  'channel.notFeishu':
    '这不是飞书/Lark 机器人地址：必须是 …/open-apis/bot/v2/hook/…，例如 {example}',
  'channel.feishuNoToken':
    '飞书/Lark 机器人地址在 /hook/ 之后缺少令牌：请从机器人设置中复制完整的 webhook 地址。',
  'channel.hostNotFeishu':
    '主机是 {host}，不是 open.feishu.cn 或 open.larksuite.com：网关或模拟器可以这样，若要连接真实的飞书/Lark 机器人请检查。',
  'channel.noRobotUrl': '{kind}通道没有机器人地址：请把地址填在 "{field}" 中。',
  'channel.onlyHttpUrl': '只有 HTTP 通道有 "url"：{kind}通道使用 "webhookUrl"。',
  'channel.needsCommand':
    '脚本通道需要命令：程序及其参数组成的列表，例如 ["/usr/local/bin/notify", "--team", "db"]。',
  'channel.onlyScriptCommand': '只有脚本通道运行命令：请从这个{kind}通道中删除 "command"。',
  'channel.feishuMobiles':
    '飞书/Lark 机器人不能按手机号 @：请把成员的用户 ID（ou_…）填在 "mentionUserIds" 中，或使用 @all。',
  'channel.noMentions': '{kind}通道不能 @ 任何人：请删除手机号。',
  'channel.userIdsOnly': '只有 {types} 通道按用户 ID @：请使用 "mentionMobiles"。',
  'channel.notFeishuUser':
    '"{id}" 不是飞书/Lark 用户 ID：请使用 open_id（ou_…）、user_id 或 "all"。',
  'channel.formatForType': '{kind}通道的格式必须是 {formats}，而不是 "{format}"。',
  'channel.perMinuteZero': '{kind}通道的每分钟限额至少为 1（0 即不限，仅用于 HTTP 和脚本通道）。',
  'channel.weComLimit':
    '企业微信机器人每分钟最多接收 20 条消息：要发更多，请添加机器人（额外的 Webhook 地址）。',
  'channel.typeLimit':
    '{kind}每分钟最多接收 {limit} 条消息：要发更多，请添加机器人（额外的 Webhook 地址）。',
  'channel.proxyHttps':
    '如果该代理不支持 HTTPS（CONNECT），请把 Webhook 地址中的 https 改为 http。',
  // delivery/shared-robots.ts (#23)
  'channel.sharedRobot':
    '通道 {channels} 也在使用这个 Webhook：这些通道共用同一个机器人的发送额度，额度不足时最严重的告警先发。',
  'channel.markdownMobiles':
    'Markdown 消息不能按手机号 @：中继会紧接着发送一条简短的文本消息，这会多占用每分钟 20 条中的一条。',
  'channel.markdownV2Ids':
    'Markdown v2 不能 @ 任何人：用户 ID 会在紧接着发送的一条简短文本消息中 @，这会多占用每分钟 20 条中的一条。',
  // templates
  'lint.unclosed': '这个“${”没有闭合：请在变量名后加上“}”。',
  'lint.noName': '“${}”没有变量名：请写一个，例如 ${alarm_name}。',
  'lint.fallbackSyntax': '默认值写作 ${{name}:-text}，使用 ":-"。',
  'lint.badName': '"{name}" 不是变量名：请使用字母、数字和 _（以及 labels.X 或 annotations.X）。',
  'lint.unknownSuggest': '${{name}} 不是已知变量，会渲染为空。你是想用 ${{suggestion}} 吗？',
  'lint.unknownFallbackSuggest':
    '${{name}} 不是已知变量，会渲染为空（将使用其默认值）。你是想用 ${{suggestion}} 吗？',
  'lint.unknown': '${{name}} 不是已知变量，会渲染为空。请从变量列表中选择一个。',
  'lint.unknownFallback':
    '${{name}} 不是已知变量，会渲染为空（将使用其默认值）。请从变量列表中选择一个。',
  'lint.empty': '模板为空：企业微信会拒绝空消息（errcode 44004）。',
  'lint.allVariables':
    '每一行都含变量，缺少这些变量的告警将渲染为空（变量全为空的行会被删除）：请加一行普通文字，或加默认值，例如 ${alarm_name:-Alert}。',
  'lint.fontText': '文本消息不显示 <font> 颜色：标签会原样显示。要显示颜色请使用 Markdown 格式。',
  'lint.fontV2':
    'Markdown v2 消息不显示 <font> 颜色：标签会原样显示。要显示颜色请使用 Markdown 格式。',
  // storage and listeners
  'storage.failing': '中继无法写入数据目录（{what}时出现 {code}）：请释放磁盘空间或修正目录权限。',
  'storage.failingOne':
    '中继无法写入数据目录（{what}时出现 {code}）：请释放磁盘空间或修正目录权限；在此之前，有 1 条已送达的告警未记录为已送达，在此之前重启会再次发送它。',
  'storage.failingMany':
    '中继无法写入数据目录（{what}时出现 {code}）：请释放磁盘空间或修正目录权限；在此之前，有 {count} 条已送达的告警未记录为已送达，在此之前重启会再次发送它们。',
  'listen.inUse': '{who}无法启动：{address} 已被占用：请停止占用它的程序，或{todo}。',
  'listen.notOurs': '{who}无法启动：{host} 不是本机地址：请使用 127.0.0.1、0.0.0.0 或本机的地址。',
  'listen.denied': '{who}无法启动：无权监听 {address}：请选择 1024 以上的端口。',
  'listen.unknownHost': '{who}无法启动：{host} 不是已知主机名：请使用 IP 地址，例如 127.0.0.1。',
  'listen.other': '{who}无法启动：无法监听 {address}（{why}）。',
  'listen.simulator':
    '内置企业微信模拟器无法在 {address} 启动（{why}）：请释放该端口，或在设置中修改 simulator.port。',
  // WeCom
  'wecom.accepted': '机器人已接收消息。',
  'wecom.busy': '企业微信报告系统繁忙。',
  'wecom.busyFix': '无需修改：中继会退避重试。',
  'wecom.93000': 'Webhook key 无效：key 错误，或机器人已被移出群聊。',
  'wecom.93000Fix': '请从群设置（群机器人）中重新复制机器人的 Webhook 地址，并更新通道。',
  'wecom.disabled': '机器人已被停用。',
  'wecom.disabledFix': '请群管理员重新启用机器人，或新建一个。',
  'wecom.93008': '机器人已不在群中。',
  'wecom.93008Fix': '请重新向群里添加机器人，并使用它的新 Webhook 地址。',
  'wecom.40008': '企业微信无法识别消息类型。',
  'wecom.40008Fix': '请使用 text、markdown 或 markdown_v2 格式；若仍出现，请作为中继缺陷反馈。',
  'wecom.40058': '消息的某个字段超过企业微信允许的长度（文本 2048 字节，Markdown 4096 字节）。',
  'wecom.40058Fix': '请缩短模板；中继会自动缩减后重发。',
  'wecom.44004': '消息内容为空。',
  'wecom.44004Fix': '请检查通道模板：它对这条告警没有渲染出任何内容。',
  'wecom.45009': '机器人超出每分钟 20 条消息的限额。',
  'wecom.45009Fix':
    '请等待一分钟；要发更多，请给通道添加机器人（额外的 Webhook 地址）并保持聚合开启。',
  'wecom.310000': '签名被拒绝（钉钉式签名不匹配，或时钟偏差超过一小时）。',
  'wecom.310000Fix': '请检查通道的签名密钥和本机时钟。',
  'wecom.130101': '机器人超出限额（钉钉：每分钟 20 条，超出后封禁 10 分钟）。',
  'wecom.130101Fix': '请稍候，然后添加机器人或开启聚合。',
  'wecom.card': 'template_card 的某个字段无效。',
  'wecom.cardFix': '请检查 errmsg 中指出的卡片字段。',
  'wecom.unknown': '企业微信返回 errcode {code}。',
  'wecom.unknownFix': '请在 https://open.work.weixin.qq.com/devtool/query?e={code} 查询该错误码。',
  // DingTalk
  'dingtalk.busy': '钉钉报告系统繁忙。',
  'dingtalk.300001': '钉钉不认识这个 access_token：机器人已被删除，或地址不完整。',
  'dingtalk.tokenFix': '请从钉钉群的机器人设置中重新复制 Webhook，并更新通道。',
  'dingtalk.300005': '钉钉不认识这个 access_token。',
  'dingtalk.310000':
    '机器人的安全设置拒绝了消息：签名不匹配（密钥错误或时钟偏差超过一小时）、缺少必需的关键词，或本机 IP 不在允许范围内。',
  'dingtalk.310000Fix':
    '请检查签名密钥（加签 secret，SEC…）和本机时钟；若机器人使用关键词，请在模板中加入一个；若使用 IP 列表，请添加本机地址。',
  'dingtalk.130101': '机器人一分钟内发送超过 20 条消息，钉钉将其封禁 10 分钟。',
  'dingtalk.130101Fix':
    '请等待 10 分钟；保持聚合开启，并给通道添加机器人（额外的 Webhook 地址）以发送更多。',
  'dingtalk.410100': '钉钉限制了机器人（发送过快）。',
  'dingtalk.410100Fix': '请稍候，然后给通道添加机器人或开启聚合。',
  'dingtalk.400013': '钉钉群已解散。',
  'dingtalk.400013Fix': '请在仍存在的群中添加机器人并使用它的 Webhook。',
  'dingtalk.400101': 'access_token 不存在。',
  'dingtalk.400101Fix': '请从机器人设置中重新复制 Webhook。',
  'dingtalk.400105': '钉钉不支持这种消息类型。',
  'dingtalk.400105Fix': '请使用 text 或 markdown 格式；若仍出现，请作为中继缺陷反馈。',
  'dingtalk.400106': '机器人不存在。',
  'dingtalk.400106Fix': '请重新向群里添加机器人，并使用它的新 Webhook。',
  'dingtalk.40035': '钉钉发现消息缺少必需的参数。',
  'dingtalk.bugFix': '请作为中继缺陷反馈，并附上历史记录中的消息。',
  'dingtalk.43004': '钉钉拒绝了请求的 Content-Type。',
  'dingtalk.43004Fix': '代理或网关可能改写了请求头：请检查，或作为中继缺陷反馈。',
  'dingtalk.460101': '消息超过钉钉允许的长度（20,000 字节）。',
  'dingtalk.460101Fix': '请缩短模板；中继会在发送前把消息截断到限额内。',
  'dingtalk.430101': '钉钉认为消息中的链接不安全而拒绝。',
  'dingtalk.430101Fix': '请删除或修改模板中的链接。',
  'dingtalk.430104': '钉钉拒绝了消息内容。',
  'dingtalk.430104Fix': '请检查消息文字中是否有钉钉屏蔽的词。',
  'dingtalk.unknown': '钉钉返回 errcode {code}。',
  'dingtalk.unknownFix':
    '请在钉钉自定义机器人文档（open.dingtalk.com）中查询该错误码，并检查机器人设置。',
  // Feishu/Lark
  'feishu.19001': '飞书/Lark 不认识这个 webhook 令牌：机器人已被删除，或地址不完整。',
  'feishu.19001Fix': '请从群里的机器人设置中重新复制 webhook 地址，并更新通道。',
  'feishu.19002': '飞书/Lark 认为消息格式错误（缺少 msg_type 或 content）。',
  'feishu.19007': '机器人不存在，或已不在群中。',
  'feishu.19007Fix': '请重新把机器人加入群聊，并使用它的新 webhook 地址。',
  'feishu.19021': '签名被拒绝：签名密钥错误，或本机时钟偏差超过一小时。',
  'feishu.19021Fix': '请检查通道的签名密钥（签名校验 secret）和本机时钟。',
  'feishu.19022': '机器人的 IP 白名单不包含本机地址。',
  'feishu.19022Fix': '请把本机地址加入机器人的 IP 白名单，或通过白名单中的代理发送。',
  'feishu.19024': '消息不包含机器人设置的任何自定义关键词。',
  'feishu.19024Fix': '请在通道模板中加入一个关键词（标题中的固定词即可）。',
  'feishu.9499': '飞书/Lark 限制了机器人：每分钟超过 100 条或每秒超过 5 条。',
  'feishu.throttledFix':
    '请等待一分钟；保持聚合开启，并给通道添加机器人（额外的 Webhook 地址）以发送更多。',
  'feishu.11232': '飞书/Lark 限制了机器人（频率受限）。',
  'feishu.unknown': '飞书/Lark 返回 code {code}。',
  'feishu.unknownFix': '请在飞书/Lark 自定义机器人文档中查询该错误码，并检查机器人设置。',
  // replies
  'reply.accepted': '{who}已接收消息。',
  'reply.429': '服务器返回 HTTP 429（请求过多）。',
  'reply.429Fix': '请等待一分钟；降低通道的每分钟限额，或添加机器人以发送更多。',
  'reply.429FixWecom': '请等待一分钟；添加机器人以发送更多。',
  'reply.status': '服务器返回 HTTP {status}。',
  'reply.statusReason': '服务器返回 HTTP {status}：{reason}',
  'reply.404': '服务器返回 HTTP 404：此地址上没有内容。',
  'reply.404Wecom': '服务器返回 HTTP 404：此地址上没有机器人接口。',
  'reply.serverFix': '服务器或网关的临时问题：中继会退避重试。',
  'reply.proxy407': '代理需要用户名和密码（HTTP 407）。',
  'reply.proxy407Wrong': '代理拒绝了用户名或密码（HTTP 407）。',
  'reply.proxy407Fix': '请把凭据写在代理字段中：http://user:password@host:port。',
  'reply.checkUrl': '请检查地址：应为 {hint}。',
  'reply.checkWebhook': '请检查 Webhook 地址：应为 …/cgi-bin/webhook/send?key=…。',
  'reply.notJson': '服务器返回 HTTP {status}，内容是{kind}，而不是{who}的 JSON 应答。',
  'reply.notJsonWecom': '服务器返回 HTTP {status}，内容是{kind}，而不是机器人的 JSON 应答。',
  'reply.notJsonFix':
    '该地址没有到达{who}（登录页、认证门户或主机错误？）：请检查地址（{hint}）和代理。',
  'reply.notJsonFixWecom':
    '该地址没有到达企业微信机器人（登录页、认证门户或主机错误？）：请检查地址和代理。',
  'reply.verifyFailed': '应答未通过校验：{reason}',
  'reply.verifyFix': '请对照服务器的真实应答检查通道的应答校验规则。',
  'reply.verifyFixWecom':
    '请检查通道的应答校验规则；企业微信的应答是 {"errcode":0,"errmsg":"ok"}。',
  'reply.badWebhook': 'Webhook 地址不是有效的 URL。',
  'reply.badWebhookFix': '请从机器人设置中重新复制 Webhook 地址。',
  'reply.badUrl': '通道地址不是有效的 URL。',
  'reply.badUrlFix': '请从机器人或服务的设置中重新复制地址。',
  'verify.status': 'HTTP 状态码 {status} 不在 {codes} 之中。',
  'verify.regex': '应答不匹配 /{pattern}/。',
  'verify.notObject': '应答不是 JSON 对象。',
  'verify.json': '应答中 {key}={actual}，期望 {expected}。',
  // scripts
  'script.notFound': '找不到程序 {program}。',
  'script.notExecutable': '程序 {program} 不可执行（权限被拒绝）。',
  'script.cannotStart': '程序 {program} 无法启动（{code}）。',
  'script.programFix': '请在 "command" 的第一项填写可执行程序的完整路径。',
  'script.timeout': '脚本未在 {seconds} 秒内完成，已被停止（连同其子进程）。',
  'script.timeoutFix': '请让脚本更快（例如 curl -m 10），或调大通道的 timeoutSeconds。',
  'script.exitCode': '脚本以代码 {code} 退出：{why}。',
  'script.exitCodeSilent': '脚本以代码 {code} 退出，stderr 没有输出。',
  'script.exitSignal': '脚本因信号 {signal} 退出：{why}。',
  'script.exitSignalSilent': '脚本因信号 {signal} 退出，stderr 没有输出。',
  'script.exitFix': '请用相同的输入手动运行命令查看失败原因；告警送达后它必须以 0 退出。',
  'script.ok': '脚本已运行，其应答通过校验。',
  'script.verifyFailed': '脚本的应答未通过校验：{reason}',
  'script.verifyFix': '请让脚本只输出应答（curl -s，stdout 上不要有进度或日志），或修改校验规则。',
  // network
  'net.proxyTunnel': '代理拒绝建立到机器人的隧道（HTTP {status}）。',
  'net.proxyTunnelFix':
    '如果代理无法隧道转发 HTTPS，请把 Webhook 地址中的 https:// 改为 http://；否则请代理管理员放行 qyapi.weixin.qq.com:443。',
  'net.proxyDns': '无法解析代理的主机名。',
  'net.proxyDnsFix': '请检查代理的主机名。',
  'net.dns': '无法解析机器人的主机名（这里没有互联网 DNS？）。',
  'net.dnsFix': '在内网中，请设置通道代理（http://host:port）以访问企业微信。',
  'net.proxyRefused': '代理拒绝了连接。',
  'net.proxyRefusedFix': '请检查代理的地址和端口，以及代理是否在运行。',
  'net.refused': '机器人主机拒绝了连接。',
  'net.refusedFix': '请检查 Webhook 地址的主机和端口；在内网中请设置代理。',
  'net.reset': '机器人应答之前连接被关闭。',
  'net.resetFix': '中继会重试；如果反复出现，说明有防火墙或代理在切断连接。',
  'net.proxyClosed': '代理关闭了连接，而没有建立到机器人的隧道。',
  'net.proxyClosedFix':
    '中继会退避重试；请检查代理是否在运行，并允许 CONNECT 到机器人主机的 443 端口。',
  'net.stopping': '发送这条消息时中继停止了。',
  'net.stoppingFix': '无需操作：告警仍在队列中，中继启动后会再次发送。',
  'net.connectTimeout': '未能在时限内建立连接。',
  'net.proxyConnectTimeout': '未能在时限内连接到代理。',
  'net.proxyReachFix': '请检查本机能否访问代理。',
  'net.firewallFix': '防火墙可能丢弃了流量：在内网中请设置代理。',
  'net.noAnswer': '机器人未在 {seconds} 秒内应答。',
  'net.proxyNoAnswer': '机器人（或代理）未在 {seconds} 秒内应答。',
  'net.noAnswerFix': '中继会重试；若持续出现，请检查代理或调大通道超时。',
  'net.tls': '安全连接（TLS）失败：{code}。',
  'net.tlsProxyFix':
    '代理可能在拦截 HTTPS 或无法隧道转发：请把 Webhook 地址中的 https:// 改为 http://，或信任代理的证书。',
  'net.tlsFix': '请检查地址的协议（企业微信用 https://）和系统时钟。',
  'net.other': '请求失败：{why}。',
  'net.otherFix': '中继会重试；运行连通性测试查看是哪一步失败。',
  // the staged test
  'diag.notReached': '未执行',
  'diag.invalid': '无效',
  'diag.failed': '失败',
  'diag.badMentions': '无效的 @ 成员',
  'diag.fixMobiles': '请修正手机号。',
  'diag.typeChannel': '{type} 通道',
  'diag.notRobot': '分步测试检查的是机器人地址（企业微信、钉钉、飞书/Lark），而不是{kind}通道。',
  'diag.notRobotFix': '请改为向该通道发送一条测试告警：它的历史记录会显示应答和原因。',
  'diag.proxyFix': '请把代理写成 http://host:port。',
  'diag.wouldUseProxy': '将使用 {proxy}',
  'diag.noProxy': '无代理',
  'diag.dryRun': '演练：未发送任何内容',
  'diag.proxyResolves': '由代理解析机器人主机',
  'diag.proxyConnects': '由代理连接机器人主机',
  'diag.direct': '无代理（直接连接）',
  'diag.connected': '已连接到 {address}',
  'diag.tlsOk': '{protocol}，{name} 的证书有效期至 {date}',
  'diag.plainHttp': '普通 http://（无 TLS）',
  'diag.proxyForwards': '已连到 {proxy}；http:// 机器人无需隧道即可转发',
  'diag.tunnelOpen': '{proxy} 已建立到 {target} 的隧道',
  'diag.proxyAnswered407': '{proxy} 返回 407',
  'diag.proxyAnsweredConnect': '{proxy} 对 CONNECT 返回 {status}',
  'diag.proxyNoHttps': '代理不肯建立到 {host} 的 HTTPS 隧道（HTTP {status}）。',
  'diag.proxyNoHttpsFix':
    '如果该代理不支持 HTTPS，请把 Webhook 地址中的 https:// 改为 http://；否则请其管理员放行机器人主机的 443 端口。',
  'diag.sent': 'HTTP {status}，已发送 {bytes} 字节',
  'diag.mentionFailed': '消息已送达，但 @ 成员的后续消息失败：{reason}',
  'diag.signatureFeishu': '签名被拒绝：请检查密钥和时钟。',
  'diag.signatureDingTalk':
    '签名被拒绝：请检查密钥和时钟。（钉钉的 310000 也可能表示缺少关键词，或 IP 地址不在机器人的列表中。）',
  'diag.signatureFix':
    '请从机器人的安全设置中重新复制签名密钥，并确认本机时钟准确（误差在一小时内）。',
  'diag.signatureMissingFix': '该机器人要求签名：请把它的密钥（SEC…）填入通道的签名密钥。',
  'diag.urlWecom': '企业微信群机器人：{robot}',
  'diag.urlDingtalk': '钉钉自定义机器人：{robot}',
  'diag.urlFeishu': '飞书/Lark 自定义机器人：{robot}',
  'diag.signedDingTalk': '{robot}；已签名（毫秒时间戳和 sign 在查询参数中）',
  'diag.signedFeishu': '{robot}；已签名（秒级时间戳和 sign 在请求体中）',
  'diag.signedWecom': '{robot}；查询参数中加入了钉钉式的 timestamp 和 sign',
  // diagnose/reach-stage.ts
  'diag.reachOnly': '{url}：没有机器人 key，只检查主机是否应答',
  'diag.reachGet': 'GET 请求得到 HTTP {status}；未发送任何内容',
  'diag.reachNotRobot': '不是机器人 Webhook',
  'diag.reachAnswered':
    '{host} 上的主机已应答，网络路径正常；但该地址不是机器人 Webhook，所以没有发送消息。',
  // delivery reasons
  'reason.nextTry': '{reason} 下次尝试：{at}。',
  'reason.overLimit': '机器人返回 {code}（超出限额）：等待一个完整窗口。{fix}',
  'reason.overLimitWindows': '机器人返回 {code}（超出限额）：等待 {count} 个窗口。{fix}',
  'reason.gaveUp': '重试 {minutes} 分钟后放弃：{reason}',
  'reason.tooLong': '缩减后对企业微信来说仍然太长：{reason}',
  'reason.noChannel': '没有名为 "{name}" 的通道。',
  'reason.disabled': '该通道已停用。',
  'reason.noResolved': '该通道不发送已恢复的告警。',
  'reason.resent': '已手动重发。',
  'reason.channelGone': '通道 "{name}" 已不存在。',
  'reason.folded': '已合并到等待发送的 {id}。',
  'reason.repeat': '同一告警已于 {time} 发送；已计数，在 {seconds} 秒聚合窗口内不再重复发送。',
  'reason.digest': '在 {count} 条告警的汇总中发送。',
  'reason.stormSummary': '已计入 {count} 条告警的风暴汇总；该频道在风暴期间不发送每条告警的详情。',
  // phrases
  'phrase.dingtalkUrl': '钉钉机器人地址',
  'phrase.feishuUrl': '飞书/Lark 机器人地址',
  'phrase.httpUrl': 'HTTP 通道地址',
  'phrase.typeWecom': '企业微信群机器人',
  'phrase.typeDingtalk': '钉钉自定义机器人',
  'phrase.typeFeishu': '飞书/Lark 自定义机器人',
  'phrase.typeHttp': 'HTTP 回调',
  'phrase.typeScript': '本地脚本',
  'phrase.seconds': '秒数',
  'phrase.tcpPort': 'TCP 端口',
  'phrase.bytes': '字节数',
  'phrase.alerts': '告警条数',
  'phrase.days': '天数',
  'phrase.noCap': '0 表示不设上限',
  'phrase.statusCode': 'HTTP 状态码',
  'phrase.noLimit': '0：不限，仅用于 HTTP 和脚本通道',
  'phrase.htmlPage': ' HTML 页面',
  'phrase.notJsonText': '非 JSON 文本',
  'phrase.emptyBody': '空内容',
  'phrase.theRobot': '机器人',
  'phrase.dingtalkRobot': '钉钉机器人',
  'phrase.feishuBot': '飞书/Lark 机器人',
  'phrase.httpEndpoint': 'HTTP 接口',
  'phrase.aDingtalkRobot': '钉钉机器人',
  'phrase.aFeishuBot': '飞书/Lark 机器人',
  'phrase.anHttpEndpoint': ' HTTP 接口',
  'phrase.httpHint': '你的服务所需的地址',
  'phrase.storingAlerts': '保存新告警',
  'phrase.recordingDeliveries': '记录投递结果',
  'phrase.savingBudgets': '保存机器人的发送额度',
  'ingest.noChannel': '没有名为“{name}”的通道：请修正 ?channel=（现有通道：{channels}）。',
  'phrase.savingOncall': '保存静音和认领',
  'phrase.savingSettings': '保存设置',
  'phrase.listener': '告警监听器',
  'phrase.simulator': '企业微信模拟器',
  'phrase.windowServer': '窗口服务',
  'phrase.listenerTodo': '在设置中换一个监听端口',
  'phrase.simulatorTodo': '在设置中修改 simulator.port',
  'phrase.uiPortTodo': '换一个 --ui 端口',
  'phrase.portTodo': '换一个端口',
  // start-up warnings
  'start.routeIgnored':
    '设置文件中的路由 {at} 已被忽略（{reason}）；其他路由和所有通道均已保留：请在设置中修正。',
  'start.routeIgnoredCopy':
    '设置文件中的路由 {at} 已被忽略（{reason}）；其他路由和所有通道均已保留：请在设置中修正（文件原样的副本保存为 {copy}）。',
  'start.unknownKey': '设置文件中有未知的键 {at}，已被忽略：请在 {path} 中修正。',
  'start.unknownKeyCopy':
    '设置文件中有未知的键 {at}，已被忽略：请在 {path} 中修正（文件原样的副本保存为 {copy}）。',
  'start.unknownKeySuggest':
    '设置文件中有未知的键 {at}（是否想写 {suggestion}？），已被忽略：请在 {path} 中修正。',
  'start.unknownKeySuggestCopy':
    '设置文件中有未知的键 {at}（是否想写 {suggestion}？），已被忽略：请在 {path} 中修正（文件原样的副本保存为 {copy}）。',
  'start.unreadableKept':
    '无法读取设置文件（{reason}），也无法将其移开：中继已使用默认设置启动，{path} 保持原样。',
  'start.unreadable': '无法读取设置文件（{reason}）；它已保存为 {aside}，中继已使用默认设置启动。',
  'start.sealed':
    '设置文件中的密钥由桌面应用的系统密钥库加密，而该密钥库{why}；文件已保存为 {aside}，中继已使用默认设置启动：请在写入它的那台机器和账户上用桌面应用打开，或导入一份包含密钥的设置导出。',
  'start.upgraded': '设置已升级（{steps}）。',
  'start.damagedHistory': '已跳过 {count} 行损坏的历史记录（{lines}）；其余内容均已读取。',
  'settings.cannotSave':
    '无法把设置保存到 {path}（{code}）：请确认其目录存在且可写、磁盘未满；没有做任何更改。',
  // API refusals
  'api.notSection': '"{section}" 不是设置的分区：请使用 {list} 或 {last}。',
  'api.notJson': '文件不是有效的 JSON（{why}）：请选择从中继导出的设置文件。',
  'api.notSettings': '文件中没有设置对象：请选择从中继导出的设置文件。',
  'api.maskedOne':
    '{list} 中的掩码密钥与中继保存的都不匹配：请输入真实的值，或导入包含密钥的导出文件。',
  'api.maskedMany':
    '{list} 中的掩码密钥与中继保存的都不匹配：请输入真实的值，或导入包含密钥的导出文件。',
  'api.fieldsNeedFixing': '有 {count} 项设置需要修正：{paths}。',
  'api.pickRobot': '请选择一个通道，或粘贴一个 Webhook 地址来测试。',
  'api.chartOrder': '图表的开始时间（{from}）晚于结束时间（{to}）：请对调。',
  'api.alertGone': '告警 {id} 不在历史记录中（可能已过期）。',
  'api.noResendTarget': '没有可以重发的通道：请选择一个。',
  'api.scriptLocked':
    '脚本通道只能在设置文件或桌面窗口中创建或修改，不能通过无界面 API：如需允许，请用 --allow-script-channels 启动 serve。',
  'api.noHeader': '通道 "{channel}" 没有请求头 "{header}"：请重新加载通道后再试。',
  // held back
  'reason.capHour': '已被每小时 {cap} 条告警的上限拦下；上限重置时会发出汇总。',
  'reason.capDay': '已被每天 {cap} 条告警的上限拦下；上限重置时会发出汇总。',
  'reason.acknowledged': '已由 {who} 确认：在告警恢复或确认结束前，重复告警会被暂存。',
  'reason.muted': '已被静音 {id} 静音：已保存，未发送。',
  'reason.mutedUntil': '已被静音 {id} 静音至 {time} UTC：已保存，未发送。',
  'reason.mutedComment': '已被静音 {id}（"{comment}"）静音至 {time} UTC：已保存，未发送。',
  'reason.held': '被静音拦截：已保存，未发送。',
  'reason.heldUntil': '被静音拦截至 {time}：已保存，未发送。',
  'reason.heldComment': '被静音“{comment}”拦截至 {time}：已保存，未发送。',
  'silence.unreachable':
    '无法连接 {url} 上的 Alertmanager（{why}）：请检查“当前”页底部值班设置中的“用于静默的 Alertmanager”、Alertmanager 是否在运行，以及代理。',
  'silence.credentials':
    'Alertmanager 拒绝了凭据（HTTP {status}）：请检查“当前”页底部值班设置中的 Basic 认证或 Bearer 令牌。',
  'silence.refused':
    'Alertmanager 拒绝了该静默（HTTP {status}：{body}）：请检查匹配条件和结束时间。',
  'silence.noId':
    '{url} 的回应中没有静默 ID：请确认“当前”页底部值班设置中的“用于静默的 Alertmanager”是 Alertmanager 的地址，而不是 Prometheus 或代理的地址。',
  'silence.noExternalUrl':
    '这条告警没有说明来自哪个 Alertmanager（没有 externalURL）：请在“当前”页底部的值班设置中填写“用于静默的 Alertmanager”。',
  'phrase.amRefused': '该端口上没有服务应答',
  'phrase.amNoDns': '主机名无法解析',
  'phrase.amTimeout': '未及时应答',
  'phrase.amReset': '连接被中断',
  'phrase.amTls': 'TLS 握手失败',
  'phrase.amProxy': '代理没有转发该请求',
  // Written forward by their code (#25)
  'field.nameHidden':
    '通道名称含有不可见字符或控制字符（U+{code}），可能与其他通道看起来相同：请只用可见字符重新输入名称。',
  'field.nameReserved': '"{name}" 不能用作通道名称（它是保留字）：请换一个，例如 "oncall"。',
  'phrase.alertsOrAuto': '等待中的告警数，或 "auto"',
  'channel.urlControls': '地址中含有换行、制表符或控制字符：请在一行内重新粘贴。',
  'channel.commandNul': '命令不能包含 NUL 字节（系统无法传递它）：请从该参数中删除。',
  'diag.urlOf': '{kind}: {robot}',
  'send.poolStuck': '请求在 {seconds} 秒内未能发出或结束（连接卡住），已更换连接。',
  'send.poolStuckFix': '无需处理：下次尝试会使用新连接。若反复出现，请检查端点和通道的请求头。',
  'send.unexpected': '在收到应答之前发送失败：{what}。',
  'send.unexpectedFix': '中继会重试；若持续失败，请将该历史记录发给维护者。',
  'send.badHeaderFix': '请在设置中更正该通道的请求头。',
  'header.badName':
    '请求头名称 "{name}" 无效：只能使用字母、数字和 -（不能有空格或冒号），例如 X-Api-Key。',
  'header.reserved': '请求头 "{name}" 由中继为每个请求设置：请从通道的请求头中删除它。',
  'header.badValue': '请求头 "{name}" 的值含有换行或控制字符：请去掉末尾的换行后重新粘贴。',
  // On call and senders, written forward by their code (#25)
  'phrase.amError': '错误 {code}',
  'silence.noLabels': '这条告警没有标签，无法告诉 Alertmanager 要静默哪条告警：请改为在本地静音。',
  'silence.labelCut':
    '标签“{label}”超过 {limit} 个字符，中继只保留了开头部分，从这里创建的静默将匹配不到任何告警：请在 Alertmanager 自己的界面中静默，或在这里静音。',
  'silence.unknown':
    'Alertmanager 中没有静默 {id}：它可能已在那里被删除，或者中继指向了另一个 Alertmanager。',
  'silence.expireFailed':
    'Alertmanager 无法使静默 {id} 失效（HTTP {status}：{body}）：请重试，或在 Alertmanager 的界面中使其失效。',
  'silence.stateFailed':
    'Alertmanager 没有返回静默 {id}（HTTP {status}）：请检查 Alertmanager 地址。',
  'silence.notUrl': '“{url}”不是 URL：请填写 Alertmanager 的地址，例如 http://alertmanager:9093。',
  'silence.scheme': 'Alertmanager 地址必须以 http:// 或 https:// 开头。',
  'mute.noMatcher':
    '静音至少需要一个匹配条件，例如 alarm_name="DiskFull"：请添加一个（用 alarm_name=~".+" 可静音全部）。',
  'mute.badTime': '静音的开始或结束时间无效：请填写 ISO 格式的日期和时间。',
  'mute.endsBefore': '静音的结束时间早于开始时间或已经过去：请选择更晚的结束时间。',
  'oncall.howLong': '请说明静音多久：填写结束时间或分钟数。',
  'oncall.notSaved':
    '{holds}无法将其保存到数据文件夹（{code}），重启后会丢失：请释放磁盘空间或修正该文件夹的权限；中继会继续尝试保存。',
  'phrase.ackHolds': '确认已生效，但中继',
  'phrase.ackWithdrawn': '确认已撤回，但中继',
  'phrase.muteInEffect': '静音已生效，但中继',
  'phrase.muteEnded': '静音已结束，但中继',
  'phrase.silenceMade': '已在 Alertmanager 中创建静默，但中继',
  'phrase.silenceExpired': '已在 Alertmanager 中使静默失效，但中继',
  'oncall.noAlert': '历史记录中没有告警 {id}：它可能已过期；请刷新列表。',
  'oncall.onlyAlertmanager': '只有来自 Alertmanager 的告警才能在那里静默：请改为在本地静音。',
  'oncall.noneFiring': '这些告警都已不再触发：请刷新列表。',
  'oncall.noMute': '没有静音 {id}：它可能在结束后已被清除；请刷新列表。',
  'oncall.noSilence': '中继没有创建过静默 {id}：请在 Alertmanager 的界面中使其失效。',
  'sources.alertGone': '告警 {id} 已不在历史记录中：请另选一条。',
  'sources.storedCut': '告警 {id} 保存的请求体被截断或不是 JSON：请改为粘贴请求体。',
  'sources.pasteBody': '请粘贴一个请求体，或从历史记录中选择一条。',
  'sources.notJson': '请求体不是有效的 JSON（{why}）：请按发送方发送的原样粘贴。',
  // delivery/engine.ts (#25)
  'reason.channelDeleted':
    '通道 "{name}" 在这条告警发出之前已被删除：如仍需要，请在历史记录中将其重发到其他通道。',
}
