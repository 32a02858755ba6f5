export * from './rule-sets.repository';
export * from './rule-set.service';
export * from './calendar.repository';
export * from './calendar.service';
