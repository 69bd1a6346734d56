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
