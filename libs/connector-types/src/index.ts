// The channel types and their one registry: definitions (light) for every process, implementations loaded on demand.
export * from './connector-registry';
