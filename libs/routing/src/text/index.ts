export * from './aho-corasick';
export * from './simhash';
