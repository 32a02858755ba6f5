export * from './ingest-types';
export * from './ingest.repository';
