type StripIndex<T> = {
  [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K];
};

/**
 * A response type as users see it: the catch-all key that zod's loose objects add is dropped, so
 * a misspelt field (`a.aproval_id`) does not compile, while unknown fields still pass at run time.
 * Recurses into objects and arrays; a pure record (`action_context`) keeps its index signature.
 */
export type Known<T> = T extends string | number | boolean | bigint | symbol | null | undefined
  ? T // before the object test: an open enum's `string & {}` is not an object to map
  : T extends readonly (infer U)[]
    ? Known<U>[]
    : T extends object
      ? keyof StripIndex<T> extends never
        ? T
        : { [K in keyof StripIndex<T>]: Known<StripIndex<T>[K]> }
      : T;
