import { useTranslation } from 'react-i18next'
import type { LintIssue } from '../../../../electron/core/templates/lint'
import { useCoreText } from '../../i18n/core-sentences'

/** One lint finding: its severity and place, then the core's sentence in the window's language. */
export function LintItem({ issue }: { issue: LintIssue }) {
  const { t } = useTranslation()
  const ct = useCoreText()
  return (
    <li className={issue.severity}>
      <strong>
        {t(`templates.${issue.severity}`)} {issue.line}:{issue.column}
      </strong>{' '}
      {ct(issue.message)}
    </li>
  )
}
