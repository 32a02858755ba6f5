/** Upstream failures in the few kinds retry policy acts on. */
export type ConnectorErrorKind = 'temporary' | 'forbidden' | 'not_found' | 'malformed' | 'layout_changed';

export class ConnectorError extends Error {
  constructor(
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}
