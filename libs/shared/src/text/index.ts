export * from './aho-corasick';
