import { useId, useState, type ReactNode } from 'react'

/** A labelled input with help and an error, wired for screen readers. */
export function Field({
  label,
  help,
  error,
  warning,
  children,
}: {
  label: string
  help?: ReactNode
  error?: string
  warning?: string
  children: (props: {
    id: string
    'aria-invalid'?: boolean
    'aria-describedby'?: string
  }) => ReactNode
}) {
  const id = useId()
  const describedBy =
    [help ? `${id}-help` : '', error ? `${id}-error` : '', warning ? `${id}-warning` : '']
      .filter(Boolean)
      .join(' ') || undefined
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {help && (
        <div className="help" id={`${id}-help`}>
          {help}
        </div>
      )}
      {error && (
        <div className="error" id={`${id}-error`} role="alert">
          {error}
        </div>
      )}
      {warning && !error && (
        <div className="warning" id={`${id}-warning`}>
          {warning}
        </div>
      )}
    </div>
  )
}

/** A secret input: masked, with a reveal toggle. */
export function SecretInput({
  value,
  onChange,
  revealLabel,
  hideLabel,
  ...rest
}: {
  value: string
  onChange: (v: string) => void
  revealLabel: string
  hideLabel: string
  id: string
  'aria-invalid'?: boolean
  'aria-describedby'?: string
  placeholder?: string
}) {
  const [shown, setShown] = useState(false)
  return (
    <div className="secret">
      <input
        {...rest}
        type={shown ? 'text' : 'password'}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <button type="button" onClick={() => setShown((s) => !s)} aria-pressed={shown}>
        {shown ? hideLabel : revealLabel}
      </button>
    </div>
  )
}
