import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { channelFacts } from '../../../../electron/core/channels/catalog'
import { messageByteLimit } from '../../../../electron/core/channels/limits'
import type { ChannelFormat, ChannelType } from '../../../../electron/core/channels/type-names'

/**
 * The largest message of a type and format, in bytes: WeCom counts the content per format, the
 * other robots the whole body; HTTP and script channels have none of their own.
 */
export function byteLimit(type: ChannelType, format: ChannelFormat): number | undefined {
  return channelFacts(type).limits.maxBytes ? messageByteLimit(type, format) : undefined
}

/** A format's name in the select, with the type's byte limit when it has one. */
export function formatOption(t: TFunction, type: ChannelType, format: ChannelFormat): string {
  const limit = byteLimit(type, format)
  const name = t(`formats.${format}`)
  return limit ? t('formats.withLimit', { format: name, limit }) : name
}

/** The chosen type's limits, read from the core's table, beside the form. */
export function TypeLimits({ type }: { type: ChannelType }) {
  const { t } = useTranslation()
  const limits = channelFacts(type).limits
  return (
    <aside className="type-limits" aria-labelledby="type-limits-title">
      <h2 id="type-limits-title">
        {t('channels.limits.title', { type: t(`channels.types.${type}`) })}
      </h2>
      <ul>
        {limits.windows.map((w) => (
          <li key={w.ms}>
            {t(w.ms === 1000 ? 'channels.limits.perSecond' : 'channels.limits.perMinute', {
              max: w.max,
            })}
          </li>
        ))}
        {limits.windows.length === 0 && <li>{t('channels.limits.none')}</li>}
        {limits.maxBytes && (
          <li>
            {t(
              limits.bytesOf === 'body'
                ? 'channels.limits.bodyBytes'
                : 'channels.limits.contentBytes',
              { bytes: limits.maxBytes },
            )}
          </li>
        )}
        {limits.overLimit && <li>{t(`channels.limits.over.${type}`)}</li>}
      </ul>
    </aside>
  )
}
