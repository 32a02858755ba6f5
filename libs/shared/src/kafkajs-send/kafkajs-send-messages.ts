import { type SendMessagesFactory, settledSendMessages } from './settled-send-messages';

/*
 * kafkajs' producer requires `./sendMessages` and calls its module.exports. Jest maps that request here
 * (jest.config.js); Node processes get the same wrapper through ../read-committed/index.ts. Decision 039.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkajsSend = require('kafkajs/src/producer/sendMessages') as SendMessagesFactory;
export = settledSendMessages(kafkajsSend);
