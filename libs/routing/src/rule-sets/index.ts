export * from './rule-set.service';
export * from './calendar.service';
