import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { StatusStrip } from './components/status-strip'
import { useApp, useRoute } from './context'
import { setLanguage } from './i18n'
import { ChannelsPage } from './pages/channels/channels-page'
import { HistoryPage } from './pages/history/history-page'
import { SettingsPage } from './pages/settings/settings-page'
import { TemplatesPage } from './pages/templates/templates-page'
import { TestPage } from './pages/test/test-page'

const PAGES = ['channels', 'templates', 'test', 'history', 'settings'] as const

export function App() {
  const { t } = useTranslation()
  const [page, id] = useRoute()
  const { api } = useApp()
  // The language the person chose is kept in the settings (and mirrored for the first paint).
  useEffect(() => {
    void api
      .getSettings()
      .then((s) => {
        setLanguage(s.app.language)
        localStorage.setItem('language', s.app.language)
      })
      .catch(() => {})
  }, [api])
  return (
    <div className="app">
      <nav aria-label="Main">
        <div className="brand">WeCom Alert Relay</div>
        <ul>
          {PAGES.map((p) => (
            <li key={p}>
              <a href={`#/${p}`} aria-current={page === p ? 'page' : undefined}>
                {t(`nav.${p}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="main">
        <StatusStrip />
        <main>
          {page === 'channels' && <ChannelsPage />}
          {page === 'templates' && <TemplatesPage channelName={id} />}
          {page === 'test' && <TestPage />}
          {page === 'history' && <HistoryPage selected={id} />}
          {page === 'settings' && <SettingsPage />}
          {!PAGES.includes(page as (typeof PAGES)[number]) && <ChannelsPage />}
        </main>
      </div>
    </div>
  )
}
