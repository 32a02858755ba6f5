// Simulating a rule-set version or a model version against stored items: run by the router, asked for by the
// gateway (decision 020).
export * from './simulation-diff';
export * from './compare-routing';
export * from './rule-set-simulator';
export * from './model-simulator';
