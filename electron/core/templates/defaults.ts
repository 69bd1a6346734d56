import type { MessageFormat } from './formats'

/**
 * The default templates. A line whose variables all render empty is dropped (see
 * `renderTemplate`), so these list every fact a sender may give and the reader sees only those
 * it gave. The `alarm_*_text` variables are the relay's own, built in the channel's language.
 */

/** The seed's default Markdown template (OCP V4.2.1 and later), word for word: the "OCP" preset. */
export const DEFAULT_MARKDOWN_EN = `### OCP alert notification \${alarm_name}
- Level: \${alarm_level}
- Alert object: \${alarm_target}
- Summary: \${alarm_summary}
- Generation time: \${alarm_active_at}
- Description: \${alarm_description}
- OCP link: \${alarm_url}`

export const DEFAULT_MARKDOWN_ZH = `### OCP 告警通知 \${alarm_name}
- 告警级别：\${alarm_level}
- 告警对象：\${alarm_target}
- 告警概要：\${alarm_summary}
- 产生时间：\${alarm_active_at}
- 告警详情：\${alarm_description}
- OCP 链接：\${alarm_url}`

/** Earlier text defaults: still recognised as "a default", so such channels get the new ones. */
const OLD_TEXT_EN = `[\${alarm_level}] \${alarm_name}
Alert object: \${alarm_target}
Summary: \${alarm_summary}
Generation time: \${alarm_active_at}
Description: \${alarm_description}
Link: \${alarm_url}`

const OLD_TEXT_ZH = `【\${alarm_level}】\${alarm_name}
告警对象：\${alarm_target}
告警概要：\${alarm_summary}
产生时间：\${alarm_active_at}
告警详情：\${alarm_description}
链接：\${alarm_url}`

export const OCP_TEXT_EN = `OCP alert notification \${alarm_name}
Level: \${alarm_level}
Alert object: \${alarm_target}
Summary: \${alarm_summary}
Generation time: \${alarm_active_at}
Description: \${alarm_description}
OCP link: \${alarm_url}`

export const OCP_TEXT_ZH = `OCP 告警通知 \${alarm_name}
告警级别：\${alarm_level}
告警对象：\${alarm_target}
告警概要：\${alarm_summary}
产生时间：\${alarm_active_at}
告警详情：\${alarm_description}
OCP 链接：\${alarm_url}`

export const ALERT_MARKDOWN_EN = `### \${alarm_status_title} \${alarm_name}
**Level:** <font color="\${alarm_level_color}">\${alarm_level_text}</font>
**Target:** \${alarm_target}
**Summary:** \${alarm_summary}
**Details:** \${alarm_description}
\${alarm_facts}
**Labels:** <font color="comment">\${alarm_labels}</font>
**Started:** \${alarm_started_text}
**Resolved:** \${alarm_resolved_at}
[Open source](\${alarm_url})
[Dashboard](\${alarm_dashboard_url})
[Runbook](\${alarm_runbook_url})
[Silence](\${alarm_silence_url})`

export const ALERT_MARKDOWN_ZH = `### \${alarm_status_title} \${alarm_name}
**级别**：<font color="\${alarm_level_color}">\${alarm_level_text}</font>
**对象**：\${alarm_target}
**概要**：\${alarm_summary}
**详情**：\${alarm_description}
\${alarm_facts}
**标签**：<font color="comment">\${alarm_labels}</font>
**开始**：\${alarm_started_text}
**恢复**：\${alarm_resolved_at}
[查看来源](\${alarm_url})
[仪表盘](\${alarm_dashboard_url})
[处理手册](\${alarm_runbook_url})
[静默](\${alarm_silence_url})`

export const ALERT_MARKDOWN_V2_EN = `### \${alarm_status_title} \${alarm_name}
**Level:** \${alarm_level_text}
**Target:** \${alarm_target}
**Summary:** \${alarm_summary}
**Details:** \${alarm_description}
\${alarm_facts}
**Labels:** \${alarm_labels}
**Started:** \${alarm_started_text}
**Resolved:** \${alarm_resolved_at}
[Open source](\${alarm_url})
[Dashboard](\${alarm_dashboard_url})
[Runbook](\${alarm_runbook_url})
[Silence](\${alarm_silence_url})`

export const ALERT_MARKDOWN_V2_ZH = `### \${alarm_status_title} \${alarm_name}
**级别**：\${alarm_level_text}
**对象**：\${alarm_target}
**概要**：\${alarm_summary}
**详情**：\${alarm_description}
\${alarm_facts}
**标签**：\${alarm_labels}
**开始**：\${alarm_started_text}
**恢复**：\${alarm_resolved_at}
[查看来源](\${alarm_url})
[仪表盘](\${alarm_dashboard_url})
[处理手册](\${alarm_runbook_url})
[静默](\${alarm_silence_url})`

export const ALERT_TEXT_EN = `\${alarm_status_title} \${alarm_name}
Level: \${alarm_level_text}
Target: \${alarm_target}
Summary: \${alarm_summary}
Details: \${alarm_description}
\${alarm_facts}
Labels: \${alarm_labels}
Started: \${alarm_started_text}
Resolved: \${alarm_resolved_at}
Source: \${alarm_url}
Dashboard: \${alarm_dashboard_url}
Runbook: \${alarm_runbook_url}
Silence: \${alarm_silence_url}`

export const ALERT_TEXT_ZH = `\${alarm_status_title} \${alarm_name}
级别：\${alarm_level_text}
对象：\${alarm_target}
概要：\${alarm_summary}
详情：\${alarm_description}
\${alarm_facts}
标签：\${alarm_labels}
开始：\${alarm_started_text}
恢复：\${alarm_resolved_at}
来源：\${alarm_url}
仪表盘：\${alarm_dashboard_url}
处理手册：\${alarm_runbook_url}
静默：\${alarm_silence_url}`

export type TemplateLanguage = 'en' | 'zh'

/** The default template for a format and language (what a new channel starts with). */
export function defaultTemplate(format: MessageFormat, language: TemplateLanguage = 'en'): string {
  const zh = language === 'zh'
  if (format === 'text') return zh ? ALERT_TEXT_ZH : ALERT_TEXT_EN
  if (format === 'markdown_v2') return zh ? ALERT_MARKDOWN_V2_ZH : ALERT_MARKDOWN_V2_EN
  return zh ? ALERT_MARKDOWN_ZH : ALERT_MARKDOWN_EN
}

/** The "OCP" preset: the seed's template, for OCP alerts. */
export function ocpTemplate(format: MessageFormat, language: TemplateLanguage = 'en'): string {
  if (format === 'text') return language === 'zh' ? OCP_TEXT_ZH : OCP_TEXT_EN
  return language === 'zh' ? DEFAULT_MARKDOWN_ZH : DEFAULT_MARKDOWN_EN
}

const BUILT_IN = new Set(
  (['text', 'markdown', 'markdown_v2'] as const).flatMap((f) =>
    (['en', 'zh'] as const).flatMap((l) => [defaultTemplate(f, l), ocpTemplate(f, l)]),
  ),
)
BUILT_IN.add(OLD_TEXT_EN).add(OLD_TEXT_ZH)

/** True for a template the user has not changed: then each alert gets its sender's default. */
export function isBuiltInTemplate(template: string): boolean {
  return BUILT_IN.has(template.replace(/\r\n/g, '\n').trim())
}

/**
 * The template an alert is rendered with: the channel's own when the user wrote one; otherwise
 * the OCP preset for OCP alerts and the default for everything else, in the channel's language.
 */
export function templateFor(
  channel: { template: string; format: MessageFormat; language?: TemplateLanguage },
  source: string,
): string {
  if (!isBuiltInTemplate(channel.template)) return channel.template
  return source === 'ocp'
    ? ocpTemplate(channel.format, channel.language)
    : defaultTemplate(channel.format, channel.language)
}

/** The language of a built-in template (`zh` for the Chinese ones), else undefined. */
export function builtInLanguage(template: string): TemplateLanguage | undefined {
  const t = template.replace(/\r\n/g, '\n').trim()
  for (const f of ['text', 'markdown', 'markdown_v2'] as const)
    for (const l of ['en', 'zh'] as const)
      if (t === defaultTemplate(f, l) || t === ocpTemplate(f, l)) return l
  return t === OLD_TEXT_ZH ? 'zh' : t === OLD_TEXT_EN ? 'en' : undefined
}
