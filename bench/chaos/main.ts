import '../../libs/shared/src/read-committed';
import { join } from 'node:path';
import { REPO } from '../../test/support/paths';
import { benchLog, numberArg, runBench } from '../bench-kit';
import { runChaos } from './chaos-run';

/*
 * Chaos run (issue 11): `npm run -s chaos -- [--items N] [--push-share F] [--push-rate R] [--base-port P]
 * [--broker-down S]`. Uses the three-node cluster of `scripts/kafka.sh cluster` on P (29092, 29094, 29096 by
 * default), reused when all three nodes run, else started and stopped again. Of N items (20,000), F (0.05) are pushed
 * through two gateways at R/s (10), the rest pulled from a 12345 export by the connectors; two connectors replicas
 * relay, three routers route; one broker and one router are SIGKILLed on the way (chaos-run.ts). Progress on
 * stderr, one JSON line on stdout; exit 1 unless nothing was lost or duplicated.
 */
const log = benchLog('chaos');

runBench(async () => {
  const basePort = numberArg('base-port', 29092);
  const result = await runChaos({
    items: numberArg('items', 20000),
    pushShare: numberArg('push-share', 0.05),
    pushPerSecond: numberArg('push-rate', 10),
    cluster: { basePort, dir: join(REPO, '.run', `kafka-cluster-${basePort}`) },
    routers: 3,
    gateways: 2,
    connectors: 2,
    brokerDownSeconds: numberArg('broker-down', 10),
    log,
  });
  console.log(JSON.stringify(result));
  if (result.lost !== 0 || result.duplicates !== 0) process.exitCode = 1;
});
