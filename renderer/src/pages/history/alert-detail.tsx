import { weComFormat } from '../../../../electron/core/channels/type-names'
import { useTranslation } from 'react-i18next'
import type { Preview } from '../../../../electron/core/api/contract'
import type { MessageFormat } from '../../../../electron/core/templates/formats'
import { renderWeComHtml } from '../../../../electron/core/templates/wecom-markdown'
import { useApp } from '../../context'
import { formatLocal } from '../../i18n'
import { useCoreText } from '../../i18n/core-sentences'
import { useRelayQuery } from '../../use-relay-query'
import { MuteFromAlert } from '../now/mute-from-alert'
import { Bubble } from '../templates/bubble'
import { badgesOf, sentMessages, shownVariable, STATE_ICONS } from './history-model'
import { GuessMark } from '../sources/guess-mark'

/** The host:port that answered an attempt (the URL is stored with its key masked). */
function robotHost(robot: string): string {
  try {
    return new URL(robot).host
  } catch {
    return robot
  }
}

/** One alert: per channel its state, the message it got (or would get), every attempt, the payload. */
export function AlertDetail({ id, onResent }: { id?: string; onResent: () => void }) {
  const { t } = useTranslation()
  const ct = useCoreText()
  const { api, attempt, notify } = useApp()
  const q = useRelayQuery(
    async (a) => {
      if (!id) return undefined
      const [entry, channels, status] = await Promise.all([
        a.getAlert({ id }),
        a.listChannels(),
        a.deliveryStatus().catch(() => undefined),
      ])
      if (!entry) return { entry, previews: new Map<string, Preview>(), status, channels }
      const sent = sentMessages(entry)
      // Channels that sent nothing yet show what their template makes of this alert.
      const previews = new Map<string, Preview>()
      await Promise.all(
        badgesOf(entry)
          .filter((b) => !sent.has(b.channel))
          .map(async (b) => {
            const c = channels.find((x) => x.name === b.channel)
            if (!c) return
            const p = await a
              .previewTemplate({
                template: c.template,
                format: weComFormat(c.format),
                sample: { kind: 'alert', id },
                mentionMobiles: [],
              })
              .catch(() => undefined)
            if (p) previews.set(b.channel, p)
          }),
      )
      return { entry, previews, status, channels }
    },
    [id],
    (e) => e.type === 'delivery' && !!id && e.alertIds.includes(id),
  )
  if (!id) return <aside className="detail empty">{t('history.select')}</aside>
  if (!q.data) return <aside className="detail empty">{t('common.loading')}</aside>
  const { entry, previews, status } = q.data
  if (!entry) return <aside className="detail empty">{t('history.notFound', { id })}</aside>
  const a = entry.alert
  const sent = sentMessages(entry)
  const badges = badgesOf(entry)
  const setAside = (channel: string) => {
    const robots = status?.channels.find((c) => c.channel === channel)?.robots ?? []
    return robots.length > 0 && robots.every((r) => r.broken) ? ct(robots[0]!.broken) : undefined
  }
  let raw = a.raw
  try {
    raw = JSON.stringify(JSON.parse(a.raw), null, 2)
  } catch {
    // not JSON (a text alert, or cut at the size cap): shown as stored
  }
  async function resend() {
    // A resend pings the groups again: asked first, naming them.
    const channels = badges.map((b) => b.channel).join(t('settings.listJoin'))
    if (!confirm(t('trust.resendQuestion', { channels: channels || '–' }))) return
    const r = await attempt(() => api.resendAlert({ id: a.id }))
    if (!r) return
    const waiting = r.queued.filter((c) => setAside(c))
    notify('ok', t('history.resent', { channels: r.queued.join(', ') }))
    for (const c of waiting)
      notify('error', t('history.resendWaits', { channel: c, reason: setAside(c) }))
    onResent()
  }
  return (
    <aside className="detail" aria-labelledby="detail-title">
      <h2 id="detail-title">
        {a.vars.alarm_name}{' '}
        <span className={`badge ${a.status}`}>{t(`alertStatus.${a.status}`)}</span>
      </h2>
      <p className="help">
        {formatLocal(a.receivedAt)} · {t(`sources.${a.source}`)}
        {a.vars.alarm_guessed && <GuessMark alertId={a.id} />}
      </p>
      <div className="row">
        <button type="button" onClick={() => void resend()}>
          {t('history.resend')}
        </button>
        <MuteFromAlert alert={a} />
      </div>
      {badges.map((b) =>
        setAside(b.channel) ? (
          <p key={b.channel} className="notice bad">
            {t('history.robotSetAside', { channel: b.channel, reason: setAside(b.channel) })}
          </p>
        ) : null,
      )}
      <h3>{t('history.deliveries')}</h3>
      <ul className="deliveries">
        {badges.map(({ channel, state }) => {
          const d = entry.deliveries[channel]
          return (
            <li key={channel} className={state}>
              <strong>{channel}</strong>{' '}
              <span className={`state-badge ${state}`}>
                <span aria-hidden="true">{STATE_ICONS[state]}</span> {t(`states.${state}`)}
              </span>
              {d?.via
                ? ` (${t(`via.${d.via}`)}${d.repeats ? `, ${t('history.repeats', { count: d.repeats })}` : ''})`
                : ''}
              {d && <> · {formatLocal(d.at)}</>}
              {d?.aggregatedInto && (
                <>
                  {' '}
                  →{' '}
                  <a href={`#/history/${encodeURIComponent(d.aggregatedInto)}`}>
                    {d.aggregatedInto}
                  </a>
                </>
              )}
              {d?.reason && <div className="help">{ct(d.reason)}</div>}
            </li>
          )
        })}
        {entry.skipped.map((s) => (
          <li key={`skip-${s.channel}`} className="skipped">
            <strong>{s.channel}</strong> {t('states.skipped')}
            <div className="help">{ct(s.reason)}</div>
          </li>
        ))}
      </ul>
      <h3>{t('history.messages')}</h3>
      {badges.length === 0 && <p className="help">{t('history.noTarget')}</p>}
      {badges.map(({ channel }) => {
        const m = sent.get(channel)
        const p = previews.get(channel)?.messages[0]
        return (
          <div key={channel} className="channel-message">
            <h4>
              {channel}{' '}
              <span className="help">
                {m
                  ? t(m.ok ? 'history.messageSent' : 'history.messageTried', {
                      time: formatLocal(m.at),
                    })
                  : t('history.messageWouldBe')}
              </span>
            </h4>
            {m ? (
              <div className="phone small">
                <Bubble
                  html={renderWeComHtml(m.content, m.msgtype as MessageFormat)}
                  msgtype={m.msgtype}
                />
              </div>
            ) : p ? (
              <div className="phone small">
                <Bubble html={p.html} msgtype={p.msgtype} />
              </div>
            ) : null}
          </div>
        )
      })}
      <h3>{t('history.attempts')}</h3>
      {entry.attempts.length === 0 ? (
        <p className="help">{t('history.noAttempts')}</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('history.attempts')}>
          <table className="table compact">
            <caption className="sr-only">{t('history.attempts')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('history.time')}</th>
                <th scope="col">{t('history.channel')}</th>
                <th scope="col">{t('trust.robotHost')}</th>
                <th scope="col">{t('history.kind')}</th>
                <th scope="col">HTTP</th>
                <th scope="col">errcode</th>
                <th scope="col">{t('history.latency')}</th>
                <th scope="col">{t('history.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {entry.attempts.map((at) => (
                <tr
                  key={at.id}
                  className={at.outcome === 'success' ? undefined : 'failed'}
                  title={`${at.robot}\n${ct(at.explanation)}${at.fix ? `\n${ct(at.fix)}` : ''}`}
                >
                  <td>{formatLocal(at.at).slice(11, 19)}</td>
                  <td>{at.channel}</td>
                  <td>{robotHost(at.robot)}</td>
                  <td>
                    {t(`attemptKinds.${at.kind}`)}
                    {at.kind === 'digest' ? ` ×${at.alertIds.length}` : ''}
                  </td>
                  <td>{at.httpStatus ?? '–'}</td>
                  <td>
                    {at.errcode ?? '–'}
                    {at.errmsg && at.errcode ? ` ${at.errmsg.split(',')[0]}` : ''}
                  </td>
                  <td>{at.latencyMs}</td>
                  <td className={at.outcome === 'success' ? 'good' : 'bad'}>
                    {at.outcome === 'success'
                      ? `✔ ${t('states.delivered')}`
                      : `✘ ${ct(at.explanation)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t('history.variables')}</h3>
      <dl className="vars">
        {Object.entries(a.vars).map(([k]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{shownVariable(k, a.vars)}</dd>
          </div>
        ))}
        {Object.entries(a.labels).map(([k, v]) => (
          <div key={`l-${k}`}>
            <dt>labels.{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
        {Object.entries(a.annotations).map(([k, v]) => (
          <div key={`a-${k}`}>
            <dt>annotations.{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <h3>{t('history.raw')}</h3>
      <pre className="code raw" tabIndex={0} aria-label={t('history.raw')}>
        {raw}
      </pre>
    </aside>
  )
}
