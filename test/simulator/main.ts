import { generateWorkOrders } from './hotline-orders';
import { startSimulator } from './simulator';

function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer in ${min}..${max}, got '${raw}'`);
  }
  return value;
}

async function main(): Promise<void> {
  const sim = await startSimulator({
    port: intFromEnv('SIM_PORT', 4010, 0, 65535),
    // Containers need 0.0.0.0; the default stays loopback-only.
    host: process.env.SIM_HOST || '127.0.0.1',
    token: process.env.SIM_TOKEN || 'sim-token',
    orders: generateWorkOrders(intFromEnv('SIM_ORDERS', 500, 0, 100_000)).map((g) => g.order),
  });
  console.log(`simulator listening on ${sim.url}`);

  const stop = (): void => {
    sim.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('simulator failed to close', err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
