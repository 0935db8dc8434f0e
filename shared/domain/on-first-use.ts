/**
 * A value built the first time it is asked for, then kept: for what a module would otherwise build at
 * import (a cold start pays for it) though only some requests use it, such as input schemas.
 */
export const onFirstUse = <T>(build: () => T): (() => T) => {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
};
