/**
 * The same table in another language: every key, except that the singular forms (`key_one`) are
 * for languages that have them; Chinese counts with `key_other` alone.
 */
export type Translation<T> = {
  [K in keyof T as K extends `${string}_one` ? never : K]: T[K] extends string
    ? string
    : Translation<T[K]>
} & { [K in keyof T as K extends `${string}_one` ? K : never]?: string }
