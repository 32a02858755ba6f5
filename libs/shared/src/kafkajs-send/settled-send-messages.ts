/*
 * kafkajs' producer sends one request per leader broker and awaits them with Promise.all, so an attempt fails as
 * soon as one broker's request does, while requests to other brokers are still in flight. Its retry then sends again
 * to every broker that has not answered yet, and that includes the in-flight ones: their second request waits on
 * kafkajs' per-broker lock until the first is done, and goes out with the partition's next sequence numbers (kafkajs
 * advanced them when the first was sent). The broker cannot tell it from new data and appends the records twice, in
 * the same transaction. The chaos e2e caught the router publishing 28 tickets twice that way, 238 ms apart, after a
 * broker was killed (decision 039).
 *
 * This wrapper keeps kafkajs' own sendMessages and lets an attempt fail only once every request it started has
 * settled: the retry then knows which brokers answered and sends to the others only, and a send that gives up
 * leaves nothing in flight behind the caller's abort.
 */

type Bail = (error?: Error) => void;
type Attempt<T> = (bail: Bail, retryCount: number, retryTime: number) => Promise<T>;
export type Retrier = <T>(attempt: Attempt<T>) => Promise<T>;

/** The part of kafkajs' transaction manager that every produce request goes through. */
export interface BrokerLocks {
  acquireBrokerLock(broker: unknown): Promise<void>;
  releaseBrokerLock(broker: unknown): void;
}

export interface SendMessagesOptions {
  retrier: Retrier;
  eosManager: BrokerLocks;
}

export type SendMessagesFactory<O extends SendMessagesOptions = SendMessagesOptions> = (
  options: O,
) => (request: unknown) => Promise<unknown>;

/** Counts one send's produce requests between taking their broker's lock and giving it back. */
class InFlight {
  private count = 0;
  private waiting: (() => void)[] = [];

  started(): void {
    this.count++;
  }

  ended(): void {
    if (--this.count > 0) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }

  settled(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((wake) => this.waiting.push(wake));
  }
}

export function settledSendMessages<O extends SendMessagesOptions>(
  original: SendMessagesFactory<O>,
): SendMessagesFactory<O> {
  return function settledSendMessagesFactory(options) {
    // Each send counts its own requests: one producer's concurrent sends (the gateway's) never wait on each other.
    return (request) => original(settledOptions(options))(request);
  };
}

function settledOptions<O extends SendMessagesOptions>(options: O): O {
  const inFlight = new InFlight();
  const locks = options.eosManager;
  // kafkajs calls the manager's methods on the object it was given; the rest of them keep their `this`.
  const eosManager = Object.create(locks) as BrokerLocks;
  eosManager.acquireBrokerLock = async (broker) => {
    inFlight.started();
    try {
      await locks.acquireBrokerLock(broker);
    } catch (e) {
      inFlight.ended();
      throw e;
    }
  };
  eosManager.releaseBrokerLock = (broker) => {
    try {
      locks.releaseBrokerLock(broker);
    } finally {
      inFlight.ended();
    }
  };
  const retrier: Retrier = (attempt) =>
    options.retrier(async (bail, retryCount, retryTime) => {
      let bailed: { error?: Error } | undefined;
      try {
        const result = await attempt((error) => (bailed = { error }), retryCount, retryTime);
        if (!bailed) return result;
      } catch (e) {
        await inFlight.settled();
        throw e;
      }
      await inFlight.settled();
      bail(bailed.error);
      // The retrier has already rejected; this value is never seen.
      return undefined as never;
    });
  return { ...options, eosManager, retrier };
}
