export * from './connector-state';
export * from './connector-rows';
export * from './connector-instances.repository';
export * from './push-channels.repository';
