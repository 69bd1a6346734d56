import type { FieldError } from '../settings/settings-errors'
import type { CoreText } from '../text/core-text'
import { API_METHODS, ApiError, parseInput, type ApiMethod } from './contract'
import type { ApiService } from './context'

/** A call's answer as both transports carry it; `status` is the HTTP status to answer with. */
export type ApiEnvelope =
  | { ok: true; result: unknown }
  | { ok: false; error: string; sentence?: CoreText; fields?: FieldError[]; status: number }

/** True for a name the contract knows. */
export function isApiMethod(name: string): name is ApiMethod {
  return (API_METHODS as string[]).includes(name)
}

/**
 * One call from outside (IPC or HTTP): parses the raw input with the method's schema, calls the
 * service, and turns errors into the envelope. An ApiError is the person's sentence; anything else
 * is a bug, logged and answered as one (500).
 */
export async function callApi(
  service: ApiService,
  method: ApiMethod,
  rawInput: unknown,
): Promise<ApiEnvelope> {
  try {
    const parsed = parseInput(method, rawInput === null ? undefined : rawInput)
    const result = await (service[method] as (input: unknown) => Promise<unknown>)(parsed)
    return { ok: true, result: result ?? null }
  } catch (err) {
    if (err instanceof ApiError)
      return {
        ok: false,
        error: err.message,
        ...(err.sentence ? { sentence: err.sentence } : {}),
        fields: err.fields,
        status: err.status,
      }
    console.error(`api: ${method} failed`, err)
    return {
      ok: false,
      error: `Unexpected error in the relay (${(err as Error).message}): please report it.`,
      status: 500,
    }
  }
}
