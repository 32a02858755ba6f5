import { DomainError } from '../common/domain-error';

/** Error codes of the push intake; the status of each is in common/domain-errors.ts. */
export type IntakeErrorCode =
  'bad_signature' | 'payload_too_large' | 'invalid_body' | 'stale_delivery' | 'not_owner';

export interface FieldError {
  field: string;
  message: string;
}

export class IntakeError extends DomainError<IntakeErrorCode> {
  constructor(
    code: IntakeErrorCode,
    message: string,
    /** Per-field messages of an invalid body (also joined into the message), answered as `errors`. */
    readonly fields?: FieldError[],
  ) {
    super(code, message);
  }
}
