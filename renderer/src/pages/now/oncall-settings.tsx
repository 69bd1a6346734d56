import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { notifiesByMode } from '../../../../electron/core/oncall/urgency'
import type { Settings } from '../../../../electron/core/settings/schema'
import { useApp } from '../../context'

type OnCall = Settings['oncall']
type Level = keyof OnCall['levels']
const LEVELS: Level[] = ['down', 'critical', 'warning', 'caution', 'info']

/**
 * The `oncall` settings section and each channel's "when acknowledged", on the Now page where
 * they act. Secrets arrive masked; a mask sent back unchanged keeps the stored value.
 */
export function OnCallSettings() {
  const { t } = useTranslation()
  const { api, attempt, notify } = useApp()
  const [settings, setSettings] = useState<Settings>()
  const [draft, setDraft] = useState<OnCall>()
  const [am, setAm] = useState({ url: '', basicAuth: '', bearerToken: '', proxy: '' })
  const [holds, setHolds] = useState<Record<string, 'hold' | 'keep-sending'>>({})
  const [links, setLinks] = useState<Record<string, boolean>>({})

  const adopt = (s: Settings) => {
    setSettings(s)
    setDraft(s.oncall)
    setAm({ url: '', basicAuth: '', bearerToken: '', proxy: '', ...s.oncall.alertmanager })
    setHolds(Object.fromEntries(s.channels.map((c) => [c.name, c.whenAcknowledged])))
    setLinks(Object.fromEntries(s.channels.map((c) => [c.name, c.actionLinks])))
  }
  useEffect(() => void attempt(() => api.getSettings().then(adopt)), [api, attempt])
  if (!settings || !draft) return null

  const set = (patch: Partial<OnCall>) => setDraft({ ...draft, ...patch })
  const setLevel = (level: Level, key: 'notify' | 'sound' | 'repeatUntilAck', value: boolean) =>
    set({ levels: { ...draft.levels, [level]: { ...draft.levels[level], [key]: value } } })

  async function save() {
    const { alertmanager: _old, ...rest } = draft!
    // The patch merges into the section: null is what clears a configured Alertmanager.
    const oncall = { ...rest, alertmanager: am.url.trim() ? am : null }
    const channels = settings!.channels.map((c) => ({
      ...c,
      whenAcknowledged: holds[c.name] ?? c.whenAcknowledged,
      actionLinks: links[c.name] ?? c.actionLinks,
    }))
    const saved = await attempt(() => api.updateSettings({ patch: { oncall, channels } }))
    if (saved) {
      adopt(saved)
      notify('ok', t('now.saved'))
    }
  }

  const check = (id: string, label: string, checked: boolean, on: (v: boolean) => void) => (
    <label className="check" htmlFor={id}>
      <input id={id} type="checkbox" checked={checked} onChange={(e) => on(e.target.checked)} />
      {label}
    </label>
  )
  return (
    <details className="now-settings">
      <summary>{t('now.settings')}</summary>
      <form
        className="form"
        aria-label={t('now.settings')}
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <fieldset>
          <legend>{t('now.urgency')}</legend>
          <table className="table compact">
            <thead>
              <tr>
                <th>{t('now.level')}</th>
                <th>{t('now.notify')}</th>
                <th>{t('now.sound')}</th>
                <th>{t('now.repeatUntilAck')}</th>
              </tr>
            </thead>
            <tbody>
              {LEVELS.map((l) => (
                <tr key={l}>
                  <th scope="row">{t(`levels.${l}`)}</th>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${t('now.notify')} ${t(`levels.${l}`)}`}
                      // Unset: as the Settings page's notifications choice says.
                      checked={
                        draft.levels[l].notify ?? notifiesByMode(l, settings.app.notifications)
                      }
                      onChange={(e) => setLevel(l, 'notify', e.target.checked)}
                    />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${t('now.sound')} ${t(`levels.${l}`)}`}
                      checked={draft.levels[l].sound}
                      onChange={(e) => setLevel(l, 'sound', e.target.checked)}
                    />
                  </td>
                  <td>
                    {(l === 'down' || l === 'critical') && (
                      <input
                        type="checkbox"
                        aria-label={`${t('now.repeatUntilAck')} ${t(`levels.${l}`)}`}
                        checked={draft.levels[l].repeatUntilAck}
                        onChange={(e) => setLevel(l, 'repeatUntilAck', e.target.checked)}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row">
            <div className="field">
              <label htmlFor="oc-repeat">{t('now.repeatMinutes')}</label>
              <input
                id="oc-repeat"
                type="number"
                min={1}
                max={120}
                value={draft.repeatMinutes}
                onChange={(e) => set({ repeatMinutes: Number(e.target.value) })}
              />
            </div>
          </div>
          {check('oc-quiet', t('now.quietHours'), draft.quietHours.enabled, (v) =>
            set({ quietHours: { ...draft.quietHours, enabled: v } }),
          )}
          <div className="row">
            {(['from', 'to'] as const).map((k) => (
              <div className="field" key={k}>
                <label htmlFor={`oc-${k}`}>
                  {k === 'from' ? t('now.quietFrom') : t('now.quietTo')}
                </label>
                <input
                  id={`oc-${k}`}
                  type="time"
                  value={draft.quietHours[k]}
                  onChange={(e) =>
                    set({ quietHours: { ...draft.quietHours, [k]: e.target.value } })
                  }
                />
              </div>
            ))}
          </div>
          {check('oc-allow', t('now.allowCritical'), draft.quietHours.allowCritical, (v) =>
            set({ quietHours: { ...draft.quietHours, allowCritical: v } }),
          )}
          {check('oc-dnd', t('now.overrideDnd'), draft.overrideDoNotDisturb, (v) =>
            set({ overrideDoNotDisturb: v }),
          )}
        </fieldset>
        <fieldset>
          <legend>{t('now.acknowledge')}</legend>
          <div className="field">
            <label htmlFor="oc-user">{t('now.user')}</label>
            <input
              id="oc-user"
              value={draft.user}
              onChange={(e) => set({ user: e.target.value })}
            />
          </div>
          {check('oc-announce', t('now.announce'), draft.announceAcknowledgements, (v) =>
            set({ announceAcknowledgements: v }),
          )}
          <table className="table compact" aria-label={t('now.whenAcknowledged')}>
            <tbody>
              {settings.channels.map((c) => (
                <tr key={c.name}>
                  <td>{c.name}</td>
                  <td>
                    <select
                      aria-label={`${t('now.whenAcknowledged')}: ${c.name}`}
                      value={holds[c.name]}
                      onChange={(e) =>
                        setHolds({ ...holds, [c.name]: e.target.value as 'hold' | 'keep-sending' })
                      }
                    >
                      <option value="hold">{t('now.hold')}</option>
                      <option value="keep-sending">{t('now.keepSending')}</option>
                    </select>
                  </td>
                  <td>
                    {check(
                      `oc-links-${c.name}`,
                      t('now.actionLinks'),
                      links[c.name] ?? c.actionLinks,
                      (v) => setLinks({ ...links, [c.name]: v }),
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        <fieldset>
          <legend>{t('now.alertmanager')}</legend>
          <div className="row">
            {(
              [
                ['url', t('now.amUrl'), 'text'],
                ['basicAuth', t('now.amBasic'), 'password'],
                ['bearerToken', t('now.amBearer'), 'password'],
                ['proxy', t('now.amProxy'), 'text'],
              ] as const
            ).map(([k, label, type]) => (
              <div className="field" key={k}>
                <label htmlFor={`oc-am-${k}`}>{label}</label>
                <input
                  id={`oc-am-${k}`}
                  type={type}
                  autoComplete="off"
                  value={am[k]}
                  onChange={(e) => setAm({ ...am, [k]: e.target.value })}
                />
              </div>
            ))}
          </div>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="primary">
            {t('now.save')}
          </button>
        </div>
      </form>
    </details>
  )
}
