export * from './appeal-id';
