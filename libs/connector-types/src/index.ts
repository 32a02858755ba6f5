// The channel types and their one registry.
export * from './connector-registry';
