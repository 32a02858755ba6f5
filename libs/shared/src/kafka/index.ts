export * from './kafka-client';
export * from './ensure-topics';
