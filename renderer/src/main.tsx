import './zod-jitless'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'
import { AppProvider } from './context'
import { firstAnswer } from './first-load'
import { initI18n, setTimeZone, type Language } from './i18n'
import './styles.css'

// The language is remembered in the settings (usually in already: first-load.ts); until they
// load, the browser's language decides. Set before the first render, not re-rendering after it.
const settings = firstAnswer('getSettings')
initI18n(
  settings?.app.language ??
    (localStorage.getItem('language') as Language | null) ??
    (navigator.language.startsWith('zh') ? 'zh' : 'en'),
)
if (settings) setTimeZone(settings.app.timeZone)

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProvider>
      <App />
    </AppProvider>
  </StrictMode>,
)
