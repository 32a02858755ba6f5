export * from './tokens';
export * from './core.module';
export * from './bootstrap';
