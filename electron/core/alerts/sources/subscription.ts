import { isRecord, str } from '../normalize'

/**
 * A topic asking the relay to confirm a subscription (AWS SNS `SubscriptionConfirmation`, Huawei
 * SMN's): not an alert. It is shown in the window with its confirm link for a person to open, and
 * never sent to a robot; the relay does not visit the link itself, so no one subscribes it to a
 * topic without a person seeing which.
 */
export interface SubscriptionRequest {
  service: 'AWS SNS' | 'Huawei SMN'
  topic?: string
  /** The link that confirms the subscription (https, on the service's own host). */
  confirmUrl: string
  message?: string
}

/** The subscription request in a body, if it is one. */
export function subscriptionOf(body: unknown): SubscriptionRequest | undefined {
  if (!isRecord(body)) return undefined
  const type = str(body.Type ?? body.type)?.toLowerCase()
  if (type !== 'subscriptionconfirmation' && type !== 'subscription_confirmation') return undefined
  const url = str(body.SubscribeURL ?? body.subscribe_url)
  if (!url || !/^https:\/\//i.test(url)) return undefined
  const smn = typeof body.topic_urn === 'string' || 'subscribe_url' in body
  return {
    service: smn ? 'Huawei SMN' : 'AWS SNS',
    topic: str(body.TopicArn ?? body.topic_urn),
    confirmUrl: url,
    message: str(body.Message ?? body.message),
  }
}
