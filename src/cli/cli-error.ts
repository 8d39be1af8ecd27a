/** A failure the CLI reports as one line (exit 1), or a usage mistake (exit 2). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string) => new CliError(message, 2);

/** The one line shown for an error; the stack only with --verbose. */
export function describeError(error: unknown, verbose: boolean): string {
  if (verbose && error instanceof Error && error.stack) return error.stack;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const prefix = typeof code === 'string' && /^[A-Z_]+$/.test(code) ? `${code}: ` : '';
    return `${prefix}${error.message.replace(/\s*\n\s*/g, ' ')}`;
  }
  return String(error);
}
