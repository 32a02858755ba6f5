export * from './ingest-types';
export * from './mask-draft';
export * from './ingest.repository';
export * from './outbox.repository';
export * from './raw-captures.repository';
export * from './dead-letters.repository';
