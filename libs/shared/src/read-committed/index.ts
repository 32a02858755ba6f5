import Module from 'node:module';
import { crc32c } from '../kafkajs-crc32c/crc32c';
import { unzeroedEncoder } from '../kafkajs-encoder/unzeroed-encoder';
import { settledSendMessages, type SendMessagesFactory } from '../kafkajs-send/settled-send-messages';
import { filterAbortedMessages } from './aborted-messages';

/*
 * Imported first by every entry point that uses Kafka (the apps' main.ts, the benches): kafkajs binds these modules
 * while it loads, so ours must be in Node's module cache before kafkajs is — the correct aborted-transaction filter
 * (aborted-messages.ts, decision 039), a send that fails only once its requests have settled, so that its retry
 * never appends a partition's records twice (../kafkajs-send, decision 039), a faster CRC-32C for the batches it
 * produces (../kafkajs-crc32c) and an Encoder that does not zero-fill what it overwrites (../kafkajs-encoder).
 * Under Jest the module map installs the filter and the send (jest.config.js); the checksum there is kafkajs' own.
 */
// Jest loads modules through its own registry, not Node's cache; there the module map does the work. An app that a
// test starts as a child process is plain Node again, and gets the fix like any other.
const nodeCache = (Module as unknown as { _cache: NodeJS.Dict<NodeModule> })._cache;

function install(request: string, exports: unknown): void {
  const target = require.resolve(request);
  const replaced = new Module(target);
  replaced.filename = target;
  replaced.loaded = true;
  replaced.exports = exports;
  require.cache[target] = replaced;
}

if (require.cache === nodeCache) {
  if (require.cache[require.resolve('kafkajs/src/consumer/batch')])
    throw new Error('kafkajs was loaded before @minsheng/shared/read-committed: import it first');
  install('kafkajs/src/consumer/filterAbortedMessages', filterAbortedMessages);
  install('kafkajs/src/protocol/recordBatch/crc32C/crc32C', crc32c);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const kafkajsSend = require('kafkajs/src/producer/sendMessages') as SendMessagesFactory;
  install('kafkajs/src/producer/sendMessages', settledSendMessages(kafkajsSend));
  // Loaded here, before any kafkajs module that encodes: they all bind the subclass. kafkajs' internals have no types.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const kafkajsEncoder = require('kafkajs/src/protocol/encoder') as Parameters<typeof unzeroedEncoder>[0];
  install('kafkajs/src/protocol/encoder', unzeroedEncoder(kafkajsEncoder));
}
