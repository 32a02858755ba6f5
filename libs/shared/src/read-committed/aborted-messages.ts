/** The fields of a kafkajs message that say whether it belongs to an aborted transaction. */
export interface FetchedMessage {
  offset: string;
  key?: Buffer | null;
  isControlRecord?: boolean;
  batchContext: { producerId: string | number; inTransaction: boolean };
}

export interface AbortedTransaction {
  producerId: string | number;
  firstOffset: string;
}

/** A control record whose key is (version 0, type 0): the end of an aborted transaction. */
function isAbortMarker(m: FetchedMessage): boolean {
  const key = m.key;
  return !!m.isControlRecord && !!key && key.length >= 4 && key.readInt16BE(2) === 0;
}

/**
 * What a read_committed consumer may see of one partition's fetch: every message but those of aborted transactions.
 * kafkajs 2.2.4's own filter takes the broker's aborted list as sorted by first offset (it is not: the broker lists
 * transactions in the order they ended) and starts at most one aborted transaction per message, so with several
 * producers' transactions interleaved on a partition — the router's, one per input partition, aborted together when
 * a replica dies — it lets aborted tickets through (decision 039). This is the Java consumer's rule: a transaction
 * is aborted from its first offset until its producer's abort marker.
 */
export function filterAbortedMessages<M extends FetchedMessage>({
  messages,
  abortedTransactions,
}: {
  messages: M[];
  abortedTransactions?: AbortedTransaction[];
}): M[] {
  if (!abortedTransactions?.length) return messages;
  const pending = [...abortedTransactions].sort((a, b) => {
    const d = BigInt(a.firstOffset) - BigInt(b.firstOffset);
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  });
  const aborting = new Set<string>();
  return messages.filter((m) => {
    const offset = BigInt(m.offset);
    while (pending.length && BigInt(pending[0].firstOffset) <= offset)
      aborting.add(String(pending.shift()?.producerId));
    const producer = String(m.batchContext.producerId);
    if (isAbortMarker(m)) {
      aborting.delete(producer);
      return true;
    }
    return !(m.batchContext.inTransaction && aborting.has(producer));
  });
}
