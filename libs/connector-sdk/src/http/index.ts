// The connector SDK, heavy half, for implementations and the connectors process: the HTTP fetcher with its
// politeness (per-host limits, circuit breaker, deadlines) and charset decoding (axios, iconv-lite).
export * from './check-context';
export * from './charset';
export * from './circuit-breaker';
export * from './clock';
export * from './host-limiter';
export * from './http-fetcher';
