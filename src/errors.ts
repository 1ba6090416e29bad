/**
 * The one error a user should ever see for bad input: it names the field, the value given and what is allowed.
 * The generator turns it into a non-zero exit before anything is written.
 */
export class InputError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
    readonly source = '',
  ) {
    const given = value === undefined ? 'nothing' : JSON.stringify(value);
    super(`Invalid ${field}: ${given}${source ? ` (from ${source})` : ''}. Allowed: ${allowed}.`);
    this.name = 'InputError';
  }
}
