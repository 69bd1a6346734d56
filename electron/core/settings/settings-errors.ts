import type { z } from 'zod'
import { identifyCoreText } from '../text/core-text'
import type { CoreCode } from '../text/text-registry'

/**
 * One problem with a settings value, with the path a person can find it by (`channels[0].proxy`).
 * `code` and `params` name the sentence in the core's registry (text/text-registry.ts), so a client can
 * word it in its own language; `message` is the English.
 */
export interface FieldError {
  path: string
  message: string
  code?: CoreCode
  params?: Record<string, string>
}

/** A field error with its sentence's code and parameters, when the registry knows it. */
export function withCode(e: { path: string; message: string }): FieldError {
  const { code, params } = identifyCoreText(e.message)
  return code ? { ...e, code, ...(params && Object.keys(params).length ? { params } : {}) } : e
}

export class SettingsError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('\n'))
    this.name = 'SettingsError'
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out ? `.${String(part)}` : String(part)
  }
  return out
}

/** zod issues → sentences a person understands, each with the path of the field. */
export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => withCode(toFieldError(issue)))
}

function toFieldError(issue: z.core.$ZodIssue): FieldError {
  const path = formatPath(issue.path)
  if (issue.code === 'unrecognized_keys') {
    return {
      path,
      message: `Unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove ${issue.keys.length > 1 ? 'them' : 'it'} or check the spelling.`,
    }
  }
  let message = issue.message
  if (issue.code === 'invalid_type' && issue.input === undefined)
    message = 'is required but missing.'
  if (!/[.!?]$/.test(message)) message += '.'
  return {
    path,
    message: /^[a-z]/.test(message) ? `${path ? 'This value ' : 'The value '}${message}` : message,
  }
}
