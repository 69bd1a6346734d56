import { useId, useState, type ReactNode } from 'react'
import { maskKey, unmask } from './webhook-mask'

/** A labelled input with help and an error, wired for screen readers. */
export function Field({
  label,
  help,
  error,
  warning,
  id: fixedId,
  children,
}: {
  label: string
  help?: ReactNode
  error?: string
  warning?: string
  /** A stable id, so an error summary can link to the field. */
  id?: string
  children: (props: {
    id: string
    'aria-invalid'?: boolean
    'aria-describedby'?: string
  }) => ReactNode
}) {
  const generated = useId()
  const id = fixedId ?? generated
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
        <div className="error" id={`${id}-error`}>
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

interface InputProps {
  id: string
  'aria-invalid'?: boolean
  'aria-describedby'?: string
  placeholder?: string
}

/**
 * Asks the relay for a secret it showed masked (`…`): the reveal toggle then shows the real value.
 * Returns undefined when it could not (the relay said why).
 */
export type Reveal = () => Promise<string | undefined>

/** A masked value from the relay: it stands for the kept secret until the person types another. */
const isMasked = (v: string) => v.includes('…')

/**
 * The show/hide toggle of a secret field: showing a value the relay masked first asks the relay
 * for the real one (and stays hidden when it could not be had).
 */
function useRevealToggle(
  value: string,
  reveal: Reveal | undefined,
  onRevealed: (v: string) => void,
): [boolean, () => Promise<void>] {
  const [shown, setShown] = useState(false)
  const toggle = async () => {
    if (!shown && reveal && isMasked(value)) {
      const real = await reveal()
      if (real === undefined) return
      onRevealed(real)
    }
    setShown((s) => !s)
  }
  return [shown, toggle]
}

/** What the secret and webhook inputs share: a value that may be masked, and its reveal. */
type RevealInputProps = InputProps & {
  value: string
  onChange: (v: string) => void
  revealLabel: string
  hideLabel: string
  reveal?: Reveal
  /** The real value, once fetched (defaults to onChange). */
  onRevealed?: (v: string) => void
}

/** A secret input: masked, with a reveal toggle (which fetches the secret when the relay masked it). */
export function SecretInput({
  value,
  onChange,
  revealLabel,
  hideLabel,
  reveal,
  onRevealed,
  ...rest
}: RevealInputProps) {
  const [shown, toggle] = useRevealToggle(value, reveal, onRevealed ?? onChange)
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
      <button type="button" onClick={() => void toggle()} aria-pressed={shown}>
        {shown ? hideLabel : revealLabel}
      </button>
    </div>
  )
}

/**
 * A webhook URL shown in clear (so a typo in the host or path can be seen) with only its key
 * masked until the person asks to see it. Typing while masked keeps the real key in place.
 */
export function WebhookInput({
  value,
  onChange,
  revealLabel,
  hideLabel,
  reveal,
  onRevealed,
  ...rest
}: RevealInputProps) {
  const [shown, toggle] = useRevealToggle(value, reveal, onRevealed ?? onChange)
  // A URL the relay masked is shown as it came; one the person typed is masked here.
  const masked = isMasked(value) ? value : maskKey(value)
  const canMask = masked !== value || (isMasked(value) && !!reveal)
  return (
    <div className="secret">
      <input
        {...rest}
        type="text"
        autoComplete="off"
        spellCheck={false}
        value={shown || !canMask ? value : masked}
        onChange={(e) =>
          onChange(shown || !canMask ? e.target.value : unmask(e.target.value, masked, value))
        }
      />
      {canMask && (
        <button type="button" onClick={() => void toggle()} aria-pressed={shown}>
          {shown ? hideLabel : revealLabel}
        </button>
      )}
    </div>
  )
}
