import { type INestApplicationContext } from '@nestjs/common';
import { createLogger } from '../logging/logger';

/**
 * Process-level guard rails shared by the apps: a fatal start-up error is logged as JSON and exits non-zero,
 * and SIGTERM/SIGINT close the app (consumers leave their group, relays finish their batch).
 */
export async function runApp(service: string, start: () => Promise<INestApplicationContext>): Promise<void> {
  const logger = createLogger(service);
  let app: INestApplicationContext | undefined;
  try {
    app = await start();
  } catch (e) {
    logger.fatal({ err: e }, `${service} failed to start`);
    process.exit(1);
  }
  let closing = false;
  const close = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, `${service} stopping`);
    app
      ?.close()
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        logger.error({ err: e }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => close('SIGTERM'));
  process.on('SIGINT', () => close('SIGINT'));
}
