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
}

const zh: typeof en = {
  answeredBy: '{{host}} 上的机器人已接受该消息。',
  answeredBySimulator: '内置模拟器（{{host}}）已接受该消息。',
  robotHost: '机器人',
  pauseQuestion:
    '暂停向所有通道发送 15 分钟？告警仍会接收并在队列中等待；在恢复或暂停结束前，群里收不到任何消息。',
  resendQuestion: '现在把这条告警重新发送到 {{channels}}？这些群里的所有人会再次收到通知。',
  resendNoChannel: '这条告警没有可发送的通道。',
}

export const trustStrings = { en, zh }
