import Module from 'node:module';
import { filterAbortedMessages } from './aborted-messages';

/*
 * Imported first by every entry point that consumes Kafka (the apps' main.ts, the benches): kafkajs' consumer takes
 * its aborted-transaction filter when its modules load, so the correct one (aborted-messages.ts, decision 039) must
 * be in Node's module cache before kafkajs is. Under Jest the module map does this (jest.config.js).
 */
// Jest loads modules through its own registry, not Node's cache; there the module map does the work. An app that a
// test starts as a child process is plain Node again, and gets the fix like any other.
const nodeCache = (Module as unknown as { _cache: NodeJS.Dict<NodeModule> })._cache;
if (require.cache === nodeCache) {
  const target = require.resolve('kafkajs/src/consumer/filterAbortedMessages');
  if (require.cache[require.resolve('kafkajs/src/consumer/batch')])
    throw new Error('kafkajs was loaded before @minsheng/shared/read-committed: import it first');
  const fixed = new Module(target);
  fixed.filename = target;
  fixed.loaded = true;
  fixed.exports = filterAbortedMessages;
  require.cache[target] = fixed;
}
