/** Template variables that name JavaScript built-ins: each must render empty, never a function. */
export const BUILTIN_VARIABLES = [
  'constructor',
  'toString',
  'hasOwnProperty',
  '__proto__',
  'valueOf',
  'labels.constructor',
  'labels.hasOwnProperty',
  'labels.__proto__',
  'labels.toString',
  'annotations.constructor',
  'annotations.isPrototypeOf',
]
