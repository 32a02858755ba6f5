import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * pglite-socket defaults to ONE connection; further clients are refused ("Too many connections"). Each app
 * opens a pool of up to 10 (CoreModule) plus a dedicated lock connection in the connectors, and the demo holds
 * one, so the server's multiplexer is enabled with head-room. It runs one protocol message at a time on the
 * single PGlite session and keeps a transaction's messages together, so the apps' transactions serialize.
 */
const MAX_CONNECTIONS = 64;

/** PGlite (PostgreSQL compiled to WASM) in this process, reachable over TCP like a real server. */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: MAX_CONNECTIONS });
  try {
    await server.start();
  } catch (e) {
    await db.close();
    throw e;
  }
  // getServerConn() reports host:port with the port the OS picked.
  const [, port] = server.getServerConn().split(':');
  return {
    // PGlite has a single database, 'postgres'; user and password are not checked.
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
