import type { TFunction } from 'i18next'

/** A level in the window's language (`critical` → 严重); unknown levels as they came, `—` for none. */
export function levelLabel(t: TFunction, level: string | undefined): string {
  return level ? t(`levels.${level}`, { defaultValue: level }) : '—'
}

/** A delivery state in the window's language (`delivered` → 已送达); unknown states as they came. */
export function stateLabel(t: TFunction, state: string | undefined): string {
  return state ? t(`states.${state}`, { defaultValue: state }) : '—'
}
