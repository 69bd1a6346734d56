import { fillTemplate, identifyCoreText } from '../../../electron/core/text/core-text'
import { CORE_ZH } from './core-zh'

/** What translating the core needs: loaded only in 简体中文 (English shows the core's own text). */
export const TABLE = { identify: identifyCoreText, fill: fillTemplate, zh: CORE_ZH }
export type CoreTable = typeof TABLE
