export * from './suggester';
export * from './route-with-model';
