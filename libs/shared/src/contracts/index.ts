export * from './appeal-item.v1';
export * from './routed-ticket.v1';
export * from './dead-letter.v1';
export * from './topics';
export * from './validate';
export * from './json-schemas';
export * from './feedback.v1';
export * from './appeal-type-labels';
