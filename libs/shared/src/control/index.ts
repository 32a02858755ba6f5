export * from './control-topics';
export * from './control-envelope';
export * from './control-messages';
export * from './control-server';
export * from './control-client';
