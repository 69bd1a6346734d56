/**
 * The English templates of transport failures (channels/network-errors.ts), the staged test's
 * details (diagnose/**), the reasons History gives for a delivery, and the phrases other
 * sentences take as parameters (a parameter that is itself a known sentence or phrase is
 * translated too).
 */
export const NETWORK_TEXTS = {
  'net.proxyTunnel': 'The proxy refused to open a tunnel to the robot (HTTP {status}).',
  'net.proxyTunnelFix':
    'If the proxy cannot tunnel HTTPS, change https:// to http:// in the webhook URL; otherwise ask the proxy admin to allow qyapi.weixin.qq.com:443.',
  'net.proxyDns': 'The proxy host name could not be resolved.',
  'net.proxyDnsFix': 'Check the proxy host name.',
  'net.dns': 'The robot host name could not be resolved (no DNS for the internet here?).',
  'net.dnsFix': 'On an intranet, set the channel proxy (http://host:port) to reach WeCom.',
  'net.proxyRefused': 'The proxy refused the connection.',
  'net.proxyRefusedFix': 'Check the proxy address and port, and that the proxy is running.',
  'net.refused': 'The robot host refused the connection.',
  'net.refusedFix': 'Check the host and port of the webhook URL; on an intranet, set a proxy.',
  'net.reset': 'The connection was closed before the robot answered.',
  'net.resetFix':
    'The relay retries; if it keeps happening, a firewall or proxy is cutting the connection.',
  'net.proxyClosed': 'The proxy closed the connection instead of opening a tunnel to the robot.',
  'net.proxyClosedFix':
    'The relay retries with backoff; check that the proxy is running and allows CONNECT to the robot host on port 443.',
  'net.stopping': 'The relay stopped while this message was being sent.',
  'net.stoppingFix':
    'Nothing to do: the alert stays queued and is sent again when the relay starts.',
  'net.connectTimeout': 'Could not connect within the time limit.',
  'net.proxyConnectTimeout': 'Could not connect within the time limit to the proxy.',
  'net.proxyReachFix': 'Check that the proxy is reachable from this machine.',
  'net.firewallFix': 'A firewall may drop the traffic: on an intranet, set a proxy.',
  'net.noAnswer': 'The robot did not answer within {seconds} s.',
  'net.proxyNoAnswer': 'The robot (or the proxy) did not answer within {seconds} s.',
  'net.noAnswerFix':
    'The relay retries; if it persists, check the proxy or raise the channel timeout.',
  'net.tls': 'The secure (TLS) connection failed: {code}.',
  'net.tlsProxyFix':
    'The proxy may be intercepting HTTPS or cannot tunnel it: change https:// to http:// in the webhook URL, or trust the proxy certificate.',
  'net.tlsFix': 'Check the URL scheme (https:// for WeCom) and the system clock.',
  'net.other': 'The request failed: {why}.',
  'net.otherFix': 'The relay retries; run the connectivity test to see which stage fails.',
  // diagnose/**
  'diag.notReached': 'not reached',
  'diag.invalid': 'invalid',
  'diag.failed': 'failed',
  'diag.badMentions': 'invalid @Specified User',
  'diag.fixMobiles': 'Fix the mobile numbers.',
  'diag.typeChannel': '{type} channel',
  'diag.notRobot':
    'The staged test checks robot URLs (WeCom, DingTalk, Feishu/Lark), not {kind} channels.',
  'diag.notRobotFix':
    'Send a test alert to the channel instead: its history entry shows the response and the reason.',
  'diag.proxyFix': 'Write the proxy as http://host:port.',
  'diag.wouldUseProxy': 'would use {proxy}',
  'diag.noProxy': 'no proxy',
  'diag.dryRun': 'dry run: nothing sent',
  'diag.proxyResolves': 'the proxy resolves the robot host',
  'diag.proxyConnects': 'the proxy connects to the robot host',
  'diag.direct': 'no proxy (direct connection)',
  'diag.connected': 'connected to {address}',
  'diag.tlsOk': '{protocol}, certificate for {name} valid until {date}',
  'diag.plainHttp': 'plain http:// (no TLS)',
  'diag.proxyForwards': 'reached {proxy}; http:// robots are forwarded without a tunnel',
  'diag.tunnelOpen': '{proxy} opened a tunnel to {target}',
  'diag.proxyAnswered407': '{proxy} answered 407',
  'diag.proxyAnsweredConnect': '{proxy} answered {status} to CONNECT',
  'diag.proxyNoHttps': 'The proxy would not open an HTTPS tunnel to {host} (HTTP {status}).',
  'diag.proxyNoHttpsFix':
    'If this proxy does not support HTTPS, change https:// to http:// in the webhook URL; otherwise ask its admin to allow the robot host on port 443.',
  'diag.sent': 'HTTP {status}, {bytes} bytes sent',
  'diag.mentionFailed': 'The message arrived, but the @mention follow-up failed: {reason}',
  'diag.signatureFeishu': 'Signature rejected: check the secret and the clock.',
  'diag.signatureDingTalk':
    "Signature rejected: check the secret and the clock. (DingTalk's 310000 also means a missing keyword or an IP address not on the robot's list.)",
  'diag.signatureFix':
    "Copy the signature key again from the robot's security settings, and make sure this computer's clock is right (within an hour).",
  'diag.signatureMissingFix':
    "The robot requires a signature: put its secret (SEC…) in the channel's signature key.",
  'diag.urlWecom': 'WeCom (WeChat Enterprise) group robot: {robot}',
  'diag.urlDingtalk': 'DingTalk custom robot: {robot}',
  'diag.urlFeishu': 'Feishu/Lark custom bot: {robot}',
  'diag.signedDingTalk': '{robot}; signed (timestamp in ms and sign in the query)',
  'diag.signedFeishu': '{robot}; signed (timestamp in seconds and sign in the body)',
  'diag.signedWecom': '{robot}; DingTalk-style timestamp and sign added to the query',
  // diagnose/reach-stage.ts: a plain address (no robot key) checked for reachability only
  'diag.reachOnly': '{url}: no robot key, so only whether the host answers',
  'diag.reachGet': 'HTTP {status} to a GET; nothing was posted',
  'diag.reachNotRobot': 'not a robot webhook',
  'diag.reachAnswered':
    'The host at {host} answered, so the network path works; no message was sent, because the address is not a robot webhook.',
  // delivery reasons (delivery/retry.ts, settle.ts, usable.ts, engine.ts, intake.ts, channel.ts)
  'reason.nextTry': '{reason} Next try at {at}.',
  'reason.overLimit': 'The robot answered {code} (over its limit): waiting a full window. {fix}',
  'reason.overLimitWindows':
    'The robot answered {code} (over its limit): waiting {count} windows. {fix}',
  'reason.gaveUp': 'Gave up after retrying for {minutes} min: {reason}',
  'reason.tooLong': 'Still too long for WeCom after shrinking: {reason}',
  'reason.noChannel': 'No channel is called "{name}".',
  'reason.disabled': 'The channel is disabled.',
  'reason.noResolved': 'The channel does not send resolved alerts.',
  'reason.resent': 'Resent by hand.',
  'reason.channelGone': 'The channel "{name}" no longer exists.',
  'reason.folded': 'Folded into {id}, which is waiting to be sent.',
  'reason.repeat':
    'Same alert already sent at {time}; counted, not sent again within the {seconds} s aggregation window.',
  'reason.digest': 'Sent in a digest of {count} alerts.',
  // storms (#17, delivery/channel.ts)
  'reason.stormSummary':
    'Counted in a storm summary of {count} alerts; the channel holds per-alert details back during storms.',
  // phrases other sentences take as parameters
  'phrase.dingtalkUrl': 'DingTalk robot URL',
  'phrase.feishuUrl': 'Feishu/Lark bot URL',
  'phrase.httpUrl': 'HTTP channel URL',
  'phrase.typeWecom': 'WeCom (WeChat Enterprise) group robot',
  'phrase.typeDingtalk': 'DingTalk custom robot',
  'phrase.typeFeishu': 'Feishu/Lark custom bot',
  'phrase.typeHttp': 'HTTP webhook',
  'phrase.typeScript': 'local script',
  'phrase.seconds': 'seconds',
  'phrase.tcpPort': 'a TCP port',
  'phrase.bytes': 'bytes',
  'phrase.alerts': 'alerts',
  'phrase.days': 'days',
  'phrase.noCap': '0 means no cap',
  'phrase.statusCode': 'an HTTP status code',
  'phrase.noLimit': '0: no limit, HTTP and script channels only',
  'phrase.htmlPage': 'an HTML page',
  'phrase.notJsonText': 'text that is not JSON',
  'phrase.emptyBody': 'an empty body',
  'phrase.theRobot': 'The robot',
  'phrase.dingtalkRobot': 'The DingTalk robot',
  'phrase.feishuBot': 'The Feishu/Lark bot',
  'phrase.httpEndpoint': 'The HTTP endpoint',
  'phrase.aDingtalkRobot': 'a DingTalk robot',
  'phrase.aFeishuBot': 'a Feishu/Lark bot',
  'phrase.anHttpEndpoint': 'a HTTP endpoint',
  'phrase.httpHint': 'the address your service expects',
  'phrase.storingAlerts': 'storing new alerts',
  'phrase.recordingDeliveries': 'recording deliveries',
  'phrase.savingBudgets': 'saving the robots’ send budgets',
  // ingest/listener.ts: refusals a sender reads (English only; the window never shows them)
  'ingest.noChannel': 'No channel is called "{name}": fix ?channel= (channels: {channels}).',
  'phrase.savingOncall': 'saving mutes and acknowledgements',
  'phrase.savingSettings': 'saving the settings',
  'phrase.listener': 'The alert listener',
  'phrase.simulator': 'The WeCom simulator',
  'phrase.windowServer': 'The window server',
  'phrase.listenerTodo': 'choose another listener port in Settings',
  'phrase.simulatorTodo': 'change simulator.port in the settings',
  'phrase.portTodo': 'choose another port',
  'phrase.uiPortTodo': 'choose another --ui port',
  // Written forward by their code (#25)
  'diag.urlOf': '{kind}: {robot}',
} as const
