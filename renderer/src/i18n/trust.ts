/**
 * Strings for what the window asks before it acts and says about where things went (questions
 * before pausing, resending, replacing settings or exporting secrets; which host answered).
 * The app's tables take them under `trust`.
 */
const en = {
  answeredBy: 'The robot at {{host}} accepted the message.',
  answeredBySimulator: 'The built-in simulator at {{host}} accepted the message.',
  robotHost: 'Robot',
  pauseQuestion:
    'Stop sending to every channel for 15 minutes? Alerts keep arriving and wait in the queue; nothing reaches the groups until you resume or the pause ends.',
  resendQuestion:
    'Send this alert again to {{channels}} now? Everyone in those groups is notified again.',
  resendNoChannel: 'This alert has no channel to send to.',
  exportSecretsQuestion:
    'Export with the webhook keys, signature keys and tokens in clear text? Anyone who gets the file can post to your groups: keep it out of tickets, chats and shared folders.',
  importQuestion: 'Replace all settings with this file? It changes:',
  importNothing: 'nothing that the window can name (the file holds the same channels and routes).',
  importAdds: 'adds the channels {{names}}',
  importRemoves: 'removes the channels {{names}}',
  importReplaces: 'replaces the channels {{names}} with the file’s',
  importNoChannels: 'the file has no channels: the {{count}} here are replaced by the default one',
  importRoutes: 'routing rules: {{before}} now, {{after}} after',
  importListener: 'the listener moves from {{before}} to {{after}}',
  importFailed:
    'The file was not imported; nothing changed. Fix these in the file and import it again:',
  importChannel: 'Channel “{{name}}”',
  importRoute: 'Routing rule {{n}}',
  importSections: {
    listener: 'Listener',
    history: 'History',
    app: 'Window',
    oncall: 'On call',
    simulator: 'Simulator',
    sources: 'Sources',
    defaultChannels: 'Default channels',
  },
}

const zh: typeof en = {
  answeredBy: '{{host}} 上的机器人已接受该消息。',
  answeredBySimulator: '内置模拟器（{{host}}）已接受该消息。',
  robotHost: '机器人',
  pauseQuestion:
    '暂停向所有通道发送 15 分钟？告警仍会接收并在队列中等待；在恢复或暂停结束前，群里收不到任何消息。',
  resendQuestion: '现在把这条告警重新发送到 {{channels}}？这些群里的所有人会再次收到通知。',
  resendNoChannel: '这条告警没有可发送的通道。',
  exportSecretsQuestion:
    '导出时包含明文的 Webhook key、签名密钥和令牌？拿到文件的任何人都能向你的群发消息：不要把它放进工单、聊天或共享文件夹。',
  importQuestion: '用这个文件替换全部设置？将会：',
  importNothing: '没有可列出的变化（文件中的通道和路由与现在相同）。',
  importAdds: '新增通道 {{names}}',
  importRemoves: '删除通道 {{names}}',
  importReplaces: '用文件中的版本替换通道 {{names}}',
  importNoChannels: '文件中没有通道：现有的 {{count}} 个通道会被默认通道取代',
  importRoutes: '路由规则：现在 {{before}} 条，导入后 {{after}} 条',
  importListener: '监听地址从 {{before}} 改为 {{after}}',
  importFailed: '文件未导入，设置没有任何改变。请在文件中修正以下问题后重新导入：',
  importChannel: '通道“{{name}}”',
  importRoute: '路由规则 {{n}}',
  importSections: {
    listener: '监听',
    history: '历史',
    app: '窗口',
    oncall: '值班',
    simulator: '模拟器',
    sources: '来源',
    defaultChannels: '默认通道',
  },
}

export const trustStrings = { en, zh }
