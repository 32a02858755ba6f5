// The connector SDK, light half: the contract a channel type implements, its cursor, check and quarantine helpers,
// errors and secret fields. Nothing here fetches or parses, so the gateway loads it without a scraper; the fetcher
// with its politeness is the SDK's other entry, @minsheng/connector-sdk/http.
export * from './connector';
export * from './connector-type';
export * from './cursor';
export * from './first-page-check';
export * from './quarantine';
export * from './secret-fields';
export * from './http/connector-error';
export * from './attachment-refs';
