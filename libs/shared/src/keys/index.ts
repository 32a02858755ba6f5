export * from './api-key-format';
export * from './api-key.repository';
