import { InvalidArgumentError } from 'commander';

/** Option parsers: a bad value is a usage error (exit 2) naming what was expected. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1.');
  return n;
}
