import { UsageError } from "../errors.js";

/**
 * An option's value checked against its allowed values, for options commander does not check
 * itself (given through code, or a default from elsewhere): the value, typed, or a usage error.
 */
export function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be one of ${allowed.join(", ")}, not "${value}"`);
}
