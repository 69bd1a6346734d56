import { maskSecret } from '../../../electron/core/secrets/mask'

/** Puts the real key back where the person edited around the masked one. */
export function unmask(edited: string, masked: string, real: string): string {
  const maskedKey = /[?&]key=([^&#]*)/.exec(masked)?.[1]
  const realKey = /[?&]key=([^&#]*)/.exec(real)?.[1]
  if (!maskedKey || realKey === undefined || !edited.includes(`key=${maskedKey}`)) return edited
  return edited.replace(`key=${maskedKey}`, `key=${realKey}`)
}

/** Only the key parameter masked; everything else exactly as typed. */
export function maskKey(url: string): string {
  return url.replace(/([?&]key=)([^&#]+)/, (_m, p: string, k: string) => p + maskSecret(k))
}
