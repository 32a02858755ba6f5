// Routing: the pure decision function and its stages, manual decisions, unit naming, grade policy, reference data,
// duplicates and the decisions/ticket-heads store. Rules, gazetteer, calendar, rule sets and text keep their own indexes.
export * from './routing-context';
export * from './route-item';
export * from './manual-decision';
export * from './unit-naming';
export * from './deadline/grade-policy';
export * from './reference/reference-data.repository';
export * from './reference/seed-context';
export * from './reference/context-source';
export * from './duplicates/duplicate-finder';
export * from './decisions/decision.repository';
export * from './decisions/ticket-heads.repository';
export * from './reopen-decision';
export * from './decisions/ratings.repository';
