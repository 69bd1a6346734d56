/**
 * Marks every request the relay sends to a robot. The alert listener refuses a request that
 * carries it, so a channel whose webhook points back at a relay (this one or another) cannot turn
 * each message into a new alert, forever.
 */
export const RELAYED_HEADER = 'x-wecom-alert-relay'
