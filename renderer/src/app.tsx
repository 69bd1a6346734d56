import { lazy, Suspense, useEffect } from 'react'
import i18next from 'i18next'
import { useTranslation } from 'react-i18next'
import { StatusStrip } from './components/status-strip'
import { RelayStatusProvider } from './relay-status'
import { useApp, useRelayEvents, useRoute } from './context'
import { endFirstLoad, firstSettings } from './first-load'
import { setLanguage, setTimeZone } from './i18n'
import { NowPage } from './pages/now/now-page'

// Pages other than the first load on demand: the chart library only ever loads with History.
const loadChannels = () => import('./pages/channels/channels-page')
const ChannelsPage = lazy(() => loadChannels().then((m) => ({ default: m.ChannelsPage })))
// A newcomer without a channel lands on Channels (below): fetch its code while React starts.
if (!location.hash.replace(/^#\/?/, ''))
  firstSettings
    .then((s) => {
      if (!s.channels.length) void loadChannels()
    })
    .catch(() => {})
const TemplatesPage = lazy(() =>
  import('./pages/templates/templates-page').then((m) => ({ default: m.TemplatesPage })),
)
const RoutesPage = lazy(() =>
  import('./pages/routes/routes-page').then((m) => ({ default: m.RoutesPage })),
)
const TestPage = lazy(() => import('./pages/test/test-page').then((m) => ({ default: m.TestPage })))
const HistoryPage = lazy(() =>
  import('./pages/history/history-page').then((m) => ({ default: m.HistoryPage })),
)
// The chime listens on every page; it loads after the first paint.
const AlertSound = lazy(() =>
  import('./pages/now/alert-sound').then((m) => ({ default: m.AlertSound })),
)
const SourcesPage = lazy(() =>
  import('./pages/sources/sources-page').then((m) => ({ default: m.SourcesPage })),
)
const SettingsPage = lazy(() =>
  import('./pages/settings/settings-page').then((m) => ({ default: m.SettingsPage })),
)

const PAGES = [
  'now',
  'channels',
  'routes',
  'templates',
  'test',
  'history',
  'sources',
  'settings',
] as const
type Page = (typeof PAGES)[number]

export function App() {
  const { t } = useTranslation()
  const [route, id] = useRoute()
  const page: Page = PAGES.includes(route as Page) ? (route as Page) : 'now'
  const { api } = useApp()
  // The language the person chose is kept in the settings (and mirrored for the first paint).
  useEffect(() => {
    void api
      .getSettings()
      .then((s) => {
        // Announcing the same language again would render every page element once more.
        if (s.app.language !== i18next.language) setLanguage(s.app.language)
        setTimeZone(s.app.timeZone)
        localStorage.setItem('language', s.app.language)
        // Now is the first page: what is firing is what an on-call person opens the window for.
        // Until a channel exists nothing can be delivered, so a newcomer lands on Channels instead.
        if (!s.channels.length && !location.hash.replace(/^#\/?/, ''))
          location.replace('#/channels')
      })
      .catch(() => {})
  }, [api])
  // The first render's effects (the children's ran before this one) took the early answers.
  useEffect(endFirstLoad, [])
  // Times in the window follow `app.timeZone`, as messages do, also when another window changes it.
  useRelayEvents((e) => {
    if (e.type === 'settings.changed')
      void api
        .getSettings()
        .then((s) => setTimeZone(s.app.timeZone))
        .catch(() => {})
  })
  useEffect(() => {
    document.title = `${t(`nav.${page}`)} · WeCom Alert Relay`
  }, [page, t])
  return (
    <RelayStatusProvider>
      <div className="app">
        <a className="skip-link" href="#content" onClick={skipToContent}>
          {t('common.skip')}
        </a>
        <nav aria-label={t('nav.label')}>
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
          <Suspense fallback={null}>
            <AlertSound />
          </Suspense>
          <main id="content" tabIndex={-1}>
            <Suspense fallback={<p>{t('common.loading')}</p>}>
              {page === 'now' && <NowPage selected={id} />}
              {page === 'channels' && <ChannelsPage />}
              {page === 'routes' && <RoutesPage />}
              {page === 'templates' && <TemplatesPage channelName={id} />}
              {page === 'test' && <TestPage channelName={id} />}
              {page === 'history' && <HistoryPage selected={id} />}
              {page === 'sources' && <SourcesPage selected={id} />}
              {page === 'settings' && <SettingsPage />}
            </Suspense>
          </main>
        </div>
      </div>
    </RelayStatusProvider>
  )
}

/** The skip link moves focus without touching the hash (the hash is the router's). */
function skipToContent(e: React.MouseEvent) {
  e.preventDefault()
  document.getElementById('content')?.focus()
}
