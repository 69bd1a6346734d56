/** A script channel named `tickets` running `file` with Node; a run counts when it prints `sent`. */
export const scriptChannel = (file: string) => ({
  name: 'tickets',
  type: 'script' as const,
  webhookUrl: '',
  command: [process.execPath, file],
  timeoutSeconds: 10,
  verify: { type: 'regex' as const, pattern: '^sent$' },
})
