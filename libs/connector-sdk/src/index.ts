// The connector SDK: what a channel type implements and the tools it gets (fetcher with politeness, errors, secrets).
export * from './connector-type';
export * from './secret-fields';
export * from './check-context';
export * from './http/charset';
export * from './http/circuit-breaker';
export * from './http/clock';
export * from './http/connector-error';
export * from './http/host-limiter';
export * from './http/http-fetcher';
