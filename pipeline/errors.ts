// Typed errors the CLI turns into one line and an exit code (docs/design.md: 2 bad input, 1 a check failed).

/** A user mistake (bad manifest, bad flag, missing file): one line, exit 2, never a stack trace. */
export class UserError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** A check that ran and failed (audit/verify mismatch, failed runs): exit 1. */
export class CheckFailed extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailed';
  }
}

/** Ctrl-C / SIGTERM: exit 130 after cleaning up. */
export class Interrupted extends Error {
  readonly exitCode = 130;
  constructor(message = 'interrupted') {
    super(message);
    this.name = 'Interrupted';
  }
}
