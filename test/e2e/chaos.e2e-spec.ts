import { runChaos } from '../../bench/chaos/chaos-run';

/**
 * The chaos run of `npm run -s chaos` (issue 11), smaller: 2,000 items (1,800 pulled from a 12345 export, 200
 * pushed through two gateways), relayed by two connectors to a three-node cluster of this test's own (topics at RF 3
 * / min.insync 2), routed by three routers; the leader of an items partition and one router are SIGKILLed while
 * items flow. A read_committed reader of the outputs then finds every item exactly once.
 */
describe('chaos: a broker and a router killed while items flow', () => {
  it('loses nothing and publishes nothing twice', async () => {
    const result = await runChaos({
      items: 2000,
      // 200 pushes over about 50 s: items still arrive on every partition when the router is killed.
      pushShare: 0.1,
      pushPerSecond: 4,
      // Not 29092 (the developer cluster), 9092 (the shared broker) or 21092 (kafka-cluster.e2e-spec), and below the
      // kernel's ephemeral range (32768+), where a client's outgoing connection can hold a port a node wants.
      cluster: { basePort: 22092, wipe: true },
      routers: 3,
      gateways: 2,
      connectors: 2,
      brokerDownSeconds: 5,
      // What the run did, for a failure's report; the JSON line is the result.
      log: (m) => process.stderr.write(`[chaos] ${m}\n`),
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    expect(result.items).toBe(2000);
    expect(result.undecided).toBe(0);
    expect(result.lost).toBe(0);
    expect(result.duplicates).toBe(0);
    // One record per item: nothing published twice under another revision either.
    expect(result.outputRecords).toBe(2000);
    expect(result.decisions).toBe(2000);
    expect(result.pushed).toBe(200);
    // Both faults were recovered from: the partitions got a live leader, the killed router's partitions a live owner,
    // and the restarted broker caught up.
    expect(result.broker.partitionsLed.length).toBeGreaterThan(0);
    expect(result.broker.recoverySeconds).not.toBeNull();
    expect(result.broker.backInSyncSeconds).not.toBeNull();
    expect(result.router.partitions.length).toBeGreaterThan(0);
    expect(result.router.recoverySeconds).not.toBeNull();
    // About two minutes on a quiet machine; the limit is for a machine shared with other builds and tests.
  }, 1_200_000);
});
