import type { Relay } from './relay'
import { SettingsError, type FieldError } from '../settings/settings-errors'
import { SettingsWriteError } from '../settings/settings-store'
import type { Channel, Settings } from '../settings/schema'
import { say } from '../text/core-text'
import { ApiError, type ApiMethod, type ApiOutput, type ApiParsed } from './contract'
import { refuseScriptChanges } from './script-guard'

/** The AppApi as the relay implements it: every method takes its parsed input. */
export type ApiService = { [M in ApiMethod]: (input: ApiParsed<M>) => Promise<ApiOutput<M>> }

/** Some of the service's methods: each area file implements its share. */
export type ApiMethods<M extends ApiMethod> = Pick<ApiService, M>

export interface ServiceOptions {
  mode: 'electron' | 'headless'
  version: string
  /** Headless only: let the API create script channels (`serve --allow-script-channels`). */
  allowScriptChannels?: boolean
}

/** What every area of the service needs from the relay. */
export interface ServiceContext {
  relay: Relay
  options: ServiceOptions
  settings(): Settings
  /** Applies a change; a SettingsError becomes an ApiError naming the fields (`prefix` cut off). */
  change(mutate: (draft: Settings) => void, prefix?: RegExp): Settings
  /** The channel called `name`, or a 404 sentence. */
  channelByName(name: string): Channel
}

/** An ApiError with the fields' sentences: one field says itself, several are listed. */
export function fieldsError(errors: FieldError[], prefix?: RegExp): ApiError {
  const fields = errors.map((e) => ({ ...e, path: prefix ? e.path.replace(prefix, '') : e.path }))
  return new ApiError(
    fields.length === 1
      ? `${fields[0]!.path ? `${fields[0]!.path}: ` : ''}${fields[0]!.message}`
      : say('api.fieldsNeedFixing', {
          count: fields.length,
          paths: fields.map((f) => f.path).join(', '),
        }),
    fields,
  )
}

/** Runs `fn`, turning a SettingsError into the API's field errors. */
export function withFieldErrors<T>(fn: () => T, prefix?: RegExp): T {
  try {
    return fn()
  } catch (err) {
    // The settings file could not be written: nothing the person typed is wrong.
    if (err instanceof SettingsWriteError) throw new ApiError(err.said, undefined, 503)
    if (err instanceof SettingsError) throw fieldsError(err.errors, prefix)
    throw err
  }
}

export function createContext(relay: Relay, options: ServiceOptions): ServiceContext {
  const settings = () => relay.settings.get() as Settings
  return {
    relay,
    options,
    settings,
    change: (mutate, prefix) =>
      withFieldErrors(
        () =>
          relay.settings.update((draft) => {
            mutate(draft)
            refuseScriptChanges(options, settings(), draft)
          }),
        prefix,
      ),
    channelByName(name) {
      const c = settings().channels.find((x) => x.name === name)
      if (!c) throw new ApiError(say('reason.noChannel', { name }), undefined, 404)
      return c
    },
  }
}

/** `2026-01-31-08-00-00`, for export file names. */
export const fileStamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')
