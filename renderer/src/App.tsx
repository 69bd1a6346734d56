/** Placeholder window until the real UI lands: says what runs and where to look. */
export function App() {
  return (
    <main
      style={{
        font: '15px/1.5 system-ui, sans-serif',
        maxWidth: 640,
        margin: '48px auto',
        padding: '0 16px',
      }}
    >
      <h1>WeCom Alert Relay</h1>
      <p>
        The relay is running. Channels, templates, the connectivity test and the history will appear
        here.
      </p>
      <p>
        Until then, test a robot from a terminal:{' '}
        <code>npx wecom-alert-relay test-webhook URL</code>
      </p>
    </main>
  )
}
