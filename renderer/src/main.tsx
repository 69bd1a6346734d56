import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'
import { AppProvider, relay } from './context'
import { startFirstLoad } from './first-load'
import { initI18n, type Language } from './i18n'
import './styles.css'

// Ask for the first page's data now, in parallel, not after React has rendered once.
startFirstLoad(relay)

// The language is remembered in the settings; until they load, the browser's language decides.
initI18n(
  (localStorage.getItem('language') as Language | null) ??
    (navigator.language.startsWith('zh') ? 'zh' : 'en'),
)

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProvider>
      <App />
    </AppProvider>
  </StrictMode>,
)
