/** Upstream failures in the few kinds retry policy acts on. */
export type ConnectorErrorKind = 'temporary' | 'forbidden' | 'not_found' | 'malformed' | 'layout_changed';

export class ConnectorError extends Error {
  constructor(
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly retryAfterMs?: number,
    /** A machine-readable reason where the kind is not enough (egress: target_refused, redirect_refused). */
    readonly refusal?: string,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}
