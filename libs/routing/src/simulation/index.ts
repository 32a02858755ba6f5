// Simulating a rule-set version against stored items: run by the router, asked for by the gateway (decision 020).
export * from './simulation-diff';
export * from './rule-set-simulator';
