import { maskMobile } from '../../../../electron/core/secrets/mask'

/** The phone-width WeCom chat bubble. The HTML comes from the core's renderer (raw HTML off). */
export function Bubble({
  html,
  msgtype,
  mentions,
}: {
  html: string
  msgtype: string
  mentions?: string[]
}) {
  return (
    <div className="chat-row">
      <div className="avatar" aria-hidden="true">
        R
      </div>
      <div className={`bubble ${msgtype}`}>
        <div dangerouslySetInnerHTML={{ __html: html }} />
        {mentions && mentions.length > 0 && (
          <div className="mentions">
            {mentions.map((m) => (
              <span key={m} className="wc-mention">
                @{maskMobile(m)}{' '}
              </span>
            ))}
          </div>
        )}
      </div>
    </div>
  )
}
