/** A received body as a tree: every field is a button that maps its path. */
export function BodyTree({
  value,
  mapped,
  onPick,
}: {
  value: unknown
  /** Path → the variable mapped to it, shown beside the field. */
  mapped: Record<string, string>
  onPick: (path: string) => void
}) {
  return (
    <ul className="body-tree" role="tree">
      <Node name="" path="" value={value} mapped={mapped} onPick={onPick} depth={0} />
    </ul>
  )
}

function Node({
  name,
  path,
  value,
  mapped,
  onPick,
  depth,
}: {
  name: string
  path: string
  value: unknown
  mapped: Record<string, string>
  onPick: (path: string) => void
  depth: number
}) {
  const isObject = value !== null && typeof value === 'object'
  const entries = isObject
    ? Array.isArray(value)
      ? value.slice(0, 20).map((v, i) => [String(i), v] as const)
      : Object.entries(value as Record<string, unknown>)
    : []
  const label = name || '(body)'
  const tag = mapped[path]
  return (
    <li role="treeitem" aria-expanded={isObject ? true : undefined}>
      <button
        type="button"
        className={`tree-field${tag ? ' mapped' : ''}`}
        onClick={() => onPick(path)}
        title={path || '(body)'}
      >
        <code>{label}</code>
      </button>
      {!isObject && <span className="tree-value">{JSON.stringify(value)}</span>}
      {tag && <span className="badge mapped-as"> ← {tag}</span>}
      {isObject && depth < 8 && (
        <ul role="group">
          {entries.map(([k, v]) => (
            <Node
              key={k}
              name={k}
              path={path ? `${path}.${k}` : k}
              value={v}
              mapped={mapped}
              onPick={onPick}
              depth={depth + 1}
            />
          ))}
        </ul>
      )}
    </li>
  )
}
