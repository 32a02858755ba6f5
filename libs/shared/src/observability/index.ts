export * from './cached';
export * from './kafka-probe';
export * from './ops-server';
export * from './readiness';
export * from './registry';
export * from './ops-provider';
