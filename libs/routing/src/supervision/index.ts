// 督办: the deadline watch — working-day instants, the events recorded once, the supervision queue.
export * from './supervision-policy';
export * from './supervision.repository';
export * from './supervision-watcher';
