/**
 * Links from a message back to the relay's window (`#/page/id?query`), for the person at the
 * workstation. They carry no token: the window asks for it when the page is not already trusted,
 * so a link forwarded out of the group opens nothing by itself.
 */

/** Pages a message may link to; the window's router knows each. */
export type LinkPage = 'now' | 'history'

/**
 * The address of `page` (and `id`, and a query) under `base`, or undefined when no base is set
 * (`app.linkBaseUrl` empty: the window is not reachable from where messages are read).
 */
export function uiLink(
  base: string,
  page: LinkPage,
  id?: string,
  query?: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (!base) return undefined
  const root = base.replace(/\/+$/, '')
  const path = id === undefined ? page : `${page}/${encodeURIComponent(id)}`
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== '') params.set(k, v)
  const search = params.size ? `?${params.toString()}` : ''
  return `${root}/#/${path}${search}`
}
