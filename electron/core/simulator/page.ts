import { maskMobile, maskSecret } from '../secrets/mask'
import { renderWeComHtml } from '../templates/wecom-markdown'
import type { ReceivedMessage } from './robot'

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** The messages as a WeCom group shows them, newest last, grouped under their robot. */
export function renderFeed(messages: readonly ReceivedMessage[], limit = 200): string {
  if (!messages.length)
    return '<p class="empty">No messages yet. Point a channel at this simulator and send a test message.</p>'
  return messages
    .slice(-limit)
    .map((m) => {
      // DingTalk and Feishu robots (#12) share the feed: their mentions, title and kind.
      const who = [
        ...m.mentionedMobiles.map(maskMobile),
        ...(m.mentionedUserIds ?? []),
        ...(m.atAll ? ['all'] : []),
      ]
      const mentions = who.length
        ? `<div class="mentions">${who.map((x) => `<span class="wc-mention">@${esc(x)}</span>`).join(' ')}</div>`
        : ''
      const kind =
        m.platform && m.platform !== 'wecom' ? `${m.platform} ${m.wireType ?? ''}` : m.msgtype
      const title = m.title ? `<strong>${esc(m.title)}</strong><br>` : ''
      return `<article class="msg" data-seq="${m.seq}">
  <div class="avatar" aria-hidden="true">R</div>
  <div class="bubble-wrap">
    <div class="meta">Robot ${esc(maskSecret(m.key) || m.key)} · ${esc(new Date(m.receivedAt).toLocaleTimeString())} · ${esc(kind)}</div>
    <div class="bubble ${m.msgtype}">${title}${renderWeComHtml(m.content, m.msgtype)}${mentions}</div>
  </div>
</article>`
    })
    .join('\n')
}

export function renderPage(messages: readonly ReceivedMessage[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'">
<title>WeCom robot simulator</title>
<style>
  body { margin: 0; font: 14px/1.5 -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; background: #ededed; color: #191919; }
  header { background: #f7f7f7; border-bottom: 1px solid #ddd; padding: 10px 16px; display: flex; justify-content: space-between; align-items: center; }
  header h1 { font-size: 16px; margin: 0; }
  header button { font: inherit; }
  main { max-width: 640px; margin: 0 auto; padding: 12px; }
  .msg { display: flex; gap: 8px; margin: 12px 0; }
  .avatar { width: 36px; height: 36px; border-radius: 4px; background: #3b7cf5; color: #fff; font-weight: 700; display: grid; place-items: center; flex: none; }
  .meta { color: #595959; font-size: 12px; margin-bottom: 2px; }
  .bubble { background: #fff; border-radius: 4px; padding: 8px 12px; max-width: 480px; overflow-wrap: anywhere; }
  .bubble p, .bubble ul, .bubble ol { margin: 0 0 4px; }
  .bubble h1, .bubble h2, .bubble h3, .bubble h4, .bubble h5, .bubble h6 { margin: 0 0 4px; font-size: 15px; }
  .bubble h1 { font-size: 18px; } .bubble h2 { font-size: 17px; } .bubble h3 { font-size: 16px; }
  .bubble blockquote { margin: 4px 0; padding-left: 8px; border-left: 3px solid #ddd; color: #666; }
  .bubble code { background: #f3f3f3; padding: 0 3px; border-radius: 2px; }
  .bubble a { color: #1f5fd1; text-decoration: none; }
  .bubble table { border-collapse: collapse; } .bubble td, .bubble th { border: 1px solid #ddd; padding: 2px 6px; }
  /* WeCom's hues, darkened to a 4.5:1 contrast on the white bubble (WCAG AA). */
  .wc-info { color: #067a3d; } .wc-comment { color: #666; } .wc-warning { color: #b34700; }
  .wc-mention { color: #1f5fd1; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .mentions { margin-top: 4px; }
  .empty { color: #595959; text-align: center; margin-top: 40px; }
</style>
</head>
<body>
<header><h1>WeCom robot simulator</h1><button id="clear" type="button">Clear</button><h2 class="sr-only">Messages</h2></header>
<main id="feed" aria-live="polite">${renderFeed(messages)}</main>
<script>
  const feed = document.getElementById('feed')
  let last = ''
  async function refresh() {
    try {
      const html = await (await fetch('/?fragment=1')).text()
      if (html !== last) { last = html; feed.innerHTML = html; window.scrollTo(0, document.body.scrollHeight) }
    } catch {}
  }
  document.getElementById('clear').onclick = async () => { await fetch('/_sim/messages', { method: 'DELETE' }); refresh() }
  setInterval(refresh, 2000)
</script>
</body>
</html>`
}
