import { filterAbortedMessages } from './aborted-messages';

/*
 * kafkajs' consumer requires `./filterAbortedMessages` and calls its module.exports. Jest maps that request here
 * (jest.config.js); Node processes get the same function through this folder's index.ts. Decision 039.
 */
export = filterAbortedMessages;
