/** What a message link or a notification asked for: `#/now/ID?action=ack|mute` (or `alerts=A,B`). */
export interface LinkRequest {
  alertIds: string[]
  action?: 'ack' | 'mute'
}

/** The request in the route, if any: the id after `now/`, or `alerts=` for a digest's alerts. */
export function linkRequest(
  id: string | undefined,
  query: URLSearchParams,
): LinkRequest | undefined {
  const ids = id ? [id] : (query.get('alerts') ?? '').split(',').filter(Boolean)
  if (!ids.length) return undefined
  const action = query.get('action')
  return {
    alertIds: ids.slice(0, 100),
    ...(action === 'ack' || action === 'mute' ? { action } : {}),
  }
}
