/**
 * The masked curl command made runnable: the masked key becomes `$WECOM_KEY` and a masked proxy
 * password `$PROXY_PASSWORD`, each spliced out of the single quotes so the shell expands it.
 */
export function withPlaceholders(maskedCurl: string): string {
  return maskedCurl
    .replace(/([?&]key=)[^&'\s]*/, `$1'"$$WECOM_KEY"'`)
    .replace(/(--proxy '[a-z]+:\/\/[^:'@/]+:)…@/, `$1'"$$PROXY_PASSWORD"'@`)
}

/** Whether the command needs the proxy password set as well. */
export function needsProxyPassword(curl: string): boolean {
  return curl.includes('$PROXY_PASSWORD')
}

/** The key of a webhook URL, to say which one to export (never shown unless revealed). */
export function hasKey(curl: string): boolean {
  return curl.includes('$WECOM_KEY')
}

/** What the `export` lines hold until the person puts the secrets in (words, in the language). */
export interface SecretHints {
  key: string
  proxyPassword: string
}

/**
 * The command as it is shown and copied: the `export` lines the placeholders need, then the curl.
 * The export values are words to replace (single-quoted, so any language is one shell word); a
 * revealed command needs none.
 */
export function withExports(curl: string, hints: SecretHints): string {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`
  return [
    hasKey(curl) ? `export WECOM_KEY=${quote(hints.key)}` : '',
    needsProxyPassword(curl) ? `export PROXY_PASSWORD=${quote(hints.proxyPassword)}` : '',
    curl,
  ]
    .filter(Boolean)
    .join('\n')
}
