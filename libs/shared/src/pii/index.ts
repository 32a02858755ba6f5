export * from './phone';
export * from './mask-text';
