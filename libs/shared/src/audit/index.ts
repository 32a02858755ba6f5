export * from './audit.repository';
