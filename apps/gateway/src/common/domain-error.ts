/**
 * An error in the words of one area of the gateway: a code a client can branch on, a message, and extra fields of
 * the body. It says nothing about HTTP; the ErrorFilter maps it to a status (domain-errors.ts, one table).
 */
export abstract class DomainError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
    /** Extra fields of the error body, e.g. `errors` per field. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The thing addressed does not exist (or is outside the key's scope, which a client cannot tell apart). */
export class NotFound extends DomainError {
  constructor(message: string, code = 'not_found') {
    super(code, message);
  }
}

/** The request is valid but the state of the thing forbids it now (stopped, already published, moved on …). */
export class Conflict extends DomainError {
  constructor(message: string, code = 'conflict') {
    super(code, message);
  }
}

/** The request names something that does not fit what is stored (an unknown division, a foreign department …). */
export class Invalid extends DomainError {
  constructor(message: string, code = 'invalid_request', details?: Record<string, unknown>) {
    super(code, message, details);
  }
}
