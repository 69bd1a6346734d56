import type { MessageFormat } from './formats'

/** The seed's default Markdown template (OCP V4.2.1 and later), word for word. */
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

export const DEFAULT_TEXT_EN = `[\${alarm_level}] \${alarm_name}
Alert object: \${alarm_target}
Summary: \${alarm_summary}
Generation time: \${alarm_active_at}
Description: \${alarm_description}
Link: \${alarm_url}`

export const DEFAULT_TEXT_ZH = `【\${alarm_level}】\${alarm_name}
告警对象：\${alarm_target}
告警概要：\${alarm_summary}
产生时间：\${alarm_active_at}
告警详情：\${alarm_description}
链接：\${alarm_url}`

export type TemplateLanguage = 'en' | 'zh'

/** The default template for a format; Markdown v2 shares the Markdown one (a subset of it). */
export function defaultTemplate(format: MessageFormat, language: TemplateLanguage = 'en'): string {
  if (format === 'text') return language === 'zh' ? DEFAULT_TEXT_ZH : DEFAULT_TEXT_EN
  return language === 'zh' ? DEFAULT_MARKDOWN_ZH : DEFAULT_MARKDOWN_EN
}
