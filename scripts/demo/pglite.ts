import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { type PGliteFront, servePGlite } from './pglite-front';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * PGlite (PostgreSQL compiled to WASM) in this process, reachable over TCP like a real server. The apps each
 * open a pool of up to 10 connections; pglite-front.ts explains why they are not served by pglite-socket.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  let front: PGliteFront;
  try {
    front = await servePGlite(db, '127.0.0.1');
  } catch (e) {
    await db.close();
    throw e;
  }
  return {
    // PGlite has a single database, 'postgres'; user and password are not checked.
    url: `postgres://postgres@127.0.0.1:${front.port}/postgres`,
    stop: async () => {
      await front.close();
      await db.close();
    },
  };
}
