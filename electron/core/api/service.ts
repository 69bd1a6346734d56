import type { Relay } from './relay'
import { channelMethods } from './channels'
import { createContext, type ApiService, type ServiceOptions } from './context'
import { deliveryMethods } from './delivery'
import { diagnoseMethods } from './diagnose'
import { historyMethods } from './history'
import { oncallMethods } from './oncall'
import { settingsMethods } from './settings'
import { sourceMethods } from './sources'
import { templateMethods } from './templates'

export type { ApiService, ServiceOptions } from './context'
export { packageVersion } from './settings'

/**
 * The AppApi implemented over a running relay: plain Node, no transport. Each area's methods live
 * in their own file; `satisfies` makes the compiler check that together they are the contract,
 * no method missing and none extra.
 */
export function createApiService(relay: Relay, options: ServiceOptions): ApiService {
  const ctx = createContext(relay, options)
  return {
    ...settingsMethods(ctx),
    ...channelMethods(ctx),
    ...templateMethods(ctx),
    ...diagnoseMethods(ctx),
    ...historyMethods(ctx),
    ...deliveryMethods(ctx),
    ...oncallMethods(ctx),
    ...sourceMethods(ctx),
  } satisfies ApiService
}
