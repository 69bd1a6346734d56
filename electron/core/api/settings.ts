import { readFileSync } from 'node:fs'
import { maskSettings, restoreSettingsSecrets, unmatchedMasksSentence } from '../settings/masking'
import { refuseScriptChanges } from './script-guard'
import { migrate } from '../settings/migrations'
import type { Settings } from '../settings/schema'
import { parseSettings } from '../settings/settings-store'
import { fileStamp, withFieldErrors, type ApiMethods, type ServiceContext } from './context'
import { fieldError } from '../settings/settings-errors'
import { say } from '../text/core-text'
import { ApiError, type AppInfo } from './contract'

/** Masks that match no kept secret are refused, naming the fields: a mask is never stored. */
function refuseUnmatched(paths: string[]): void {
  if (paths.length)
    throw new ApiError(
      unmatchedMasksSentence(paths),
      paths.map((path) => fieldError(path, say('field.unknownMask'))),
    )
}

/** Settings: app info, read (masked), patch, export and import. */
export function settingsMethods(
  ctx: ServiceContext,
): ApiMethods<'appInfo' | 'getSettings' | 'updateSettings' | 'exportSettings' | 'importSettings'> {
  const { relay, options } = ctx
  return {
    async appInfo(): Promise<AppInfo> {
      return {
        version: options.version,
        mode: options.mode,
        dataDir: relay.dataDir,
        settingsPath: relay.settings.path,
        listener: { ...relay.listener.status(), pinned: relay.listener.pinned },
        simulator: relay.simulator?.origin,
        simulatorStatus: relay.simulatorStatus,
        warnings: relay.warnings,
        scriptChannels: options.mode !== 'headless' || !!options.allowScriptChannels,
      }
    },

    async getSettings() {
      return maskSettings(ctx.settings())
    },

    async updateSettings({ patch }) {
      const sections = Object.keys(ctx.settings())
      const unknown = Object.keys(patch).filter((k) => !sections.includes(k))
      if (unknown.length)
        throw new ApiError(
          say('api.notSection', {
            section: unknown[0]!,
            list: sections.slice(0, -1).join(', '),
            last: sections.at(-1)!,
          }),
        )
      const draft = structuredClone(patch) as Record<string, unknown>
      refuseUnmatched(restoreSettingsSecrets(draft, ctx.settings()))
      const saved = ctx.change((s) => {
        const target = s as unknown as Record<string, unknown>
        for (const [key, value] of Object.entries(draft)) {
          const cur = target[key]
          target[key] =
            cur &&
            typeof cur === 'object' &&
            !Array.isArray(cur) &&
            value &&
            typeof value === 'object' &&
            !Array.isArray(value)
              ? { ...cur, ...value }
              : value
        }
      })
      return maskSettings(saved)
    },

    async exportSettings({ includeSecrets }) {
      const s = includeSecrets ? ctx.settings() : maskSettings(ctx.settings())
      return {
        filename: `wecom-alert-relay-settings${includeSecrets ? '-with-secrets' : ''}-${fileStamp()}.json`,
        content: JSON.stringify(s, null, 2) + '\n',
      }
    },

    async importSettings({ content }) {
      let raw: unknown
      try {
        raw = JSON.parse(content.replace(/^\uFEFF/, ''))
      } catch (err) {
        throw new ApiError(say('api.notJson', { why: (err as Error).message }))
      }
      if (!raw || typeof raw !== 'object' || Array.isArray(raw))
        throw new ApiError(say('api.notSettings'))
      let migrated: Record<string, unknown>
      try {
        migrated = migrate(raw as Record<string, unknown>).raw
      } catch (err) {
        throw new ApiError((err as Error).message)
      }
      // An export without secrets holds masks: the kept secrets take their place, or it is refused.
      refuseUnmatched(restoreSettingsSecrets(migrated, ctx.settings()))
      const next = withFieldErrors(() => parseSettings(migrated))
      refuseScriptChanges(ctx.options, ctx.settings(), next)
      return maskSettings(withFieldErrors(() => relay.settings.replace(next)) as Settings)
    },
  }
}

/** The package version, for appInfo. */
export function packageVersion(packageJsonPath: string): string {
  try {
    return (
      (JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version?: string }).version ?? '0.0.0'
    )
  } catch {
    return '0.0.0'
  }
}
