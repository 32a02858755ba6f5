import { createServer, type Server, type Socket } from 'node:net';
import { type PGlite } from '@electric-sql/pglite';

/**
 * A PostgreSQL wire-protocol front for one PGlite instance, shared by many client connections.
 *
 * PGlite is a single backend session. pglite-socket 0.2.17 (latest) multiplexes clients onto it per *message*
 * and keeps a client's messages together only inside BEGIN … COMMIT, so the Parse/Bind/Execute/Sync of two pooled
 * connections interleave and clobber the unnamed prepared statement ("unnamed prepared statement does not
 * exist"), and one failed exec leaves its queue stuck for good (electric-sql/pglite#1046, PR #977). Here a
 * connection owns the session from its first message until it is back at ReadyForQuery outside a transaction
 * (after Sync or a simple Query) — transaction pooling, as pgbouncer does it — and a dying owner's session is
 * reset before anyone else gets it.
 */

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** Frontend messages after which the backend answers ReadyForQuery: the only points the session may change hands. */
const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'

function simpleQuery(sql: string): Uint8Array {
  const body = Buffer.from(`${sql}\0`, 'utf8');
  const msg = Buffer.alloc(5 + body.length);
  msg[0] = QUERY;
  msg.writeInt32BE(4 + body.length, 1);
  body.copy(msg, 5);
  return msg;
}
const SYNC_MESSAGE = Uint8Array.from([SYNC, 0, 0, 0, 4]);
const ROLLBACK_MESSAGE = simpleQuery('ROLLBACK');

/** FIFO ownership of the single session; release hands it straight to the next waiter. */
class SessionLock {
  private owner?: Connection;
  private readonly waiters: { conn: Connection; grant: () => void }[] = [];

  async acquire(conn: Connection): Promise<void> {
    if (this.owner === conn) return;
    if (!this.owner) {
      this.owner = conn;
      return;
    }
    await new Promise<void>((grant) => this.waiters.push({ conn, grant }));
  }

  owns(conn: Connection): boolean {
    return this.owner === conn;
  }

  release(conn: Connection): void {
    if (this.owner !== conn) return;
    const next = this.waiters.shift();
    this.owner = next?.conn;
    next?.grant();
  }
}

interface Frame {
  bytes: Uint8Array;
  /** After this frame the backend is at ReadyForQuery (startup, Sync, simple Query). */
  syncPoint: boolean;
}

class Connection {
  private buffer = Buffer.alloc(0);
  private started = false;
  private readonly frames: Frame[] = [];
  private draining = false;
  private closed = false;
  private recovery?: Promise<void>;

  constructor(
    private readonly socket: Socket,
    private readonly db: PGlite,
    private readonly lock: SessionLock,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (let frame = this.nextFrame(); frame; frame = this.nextFrame()) this.frames.push(frame);
    void this.drain();
  }

  /** Cuts one complete message off the buffer; startup-phase messages have no type byte. */
  private nextFrame(): Frame | undefined {
    const typed = this.started;
    const header = typed ? 5 : 8;
    if (this.closed || this.buffer.length < header) return undefined;
    const length = typed ? 1 + this.buffer.readInt32BE(1) : this.buffer.readInt32BE(0);
    if (this.buffer.length < length) return undefined;
    const bytes = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    if (!typed) {
      const code = bytes.readInt32BE(4);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        this.socket.write('N'); // no encryption on loopback; the client goes on with a plain StartupMessage
        return this.nextFrame();
      }
      if (code === CANCEL_REQUEST) {
        this.socket.end(); // cancellation cannot be targeted on a shared session; ignoring it is what PG allows
        return undefined;
      }
      this.started = true;
      return { bytes: Uint8Array.from(bytes), syncPoint: true };
    }
    if (bytes[0] === TERMINATE) {
      this.socket.end();
      return undefined;
    }
    return { bytes: Uint8Array.from(bytes), syncPoint: bytes[0] === SYNC || bytes[0] === QUERY };
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let frame = this.frames.shift(); frame && !this.closed; frame = this.frames.shift()) {
        await this.lock.acquire(this);
        if (this.closed) break;
        await this.db.runExclusive(() =>
          this.db.execProtocolRawStream(frame.bytes, { onRawData: (data) => this.socket.write(data) }),
        );
        if (frame.syncPoint && !this.db.isInTransaction()) this.lock.release(this);
      }
    } catch {
      // PGlite failed below the protocol level: this client cannot trust its session any more.
      this.socket.destroy();
      this.closed = true;
    } finally {
      this.draining = false;
    }
    if (this.closed) await this.recover();
  }

  private close(): void {
    this.closed = true;
    this.frames.length = 0;
    if (!this.draining) void this.recover();
  }

  /** A client gone mid-batch or mid-transaction must not leave its half-done state to the next owner. */
  recover(): Promise<void> {
    this.recovery ??= (async () => {
      if (!this.lock.owns(this)) return;
      try {
        await this.db.runExclusive(async () => {
          await this.db.execProtocolRaw(SYNC_MESSAGE);
          if (this.db.isInTransaction()) await this.db.execProtocolRaw(ROLLBACK_MESSAGE);
        });
      } finally {
        this.lock.release(this);
      }
    })();
    return this.recovery;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export interface PGliteFront {
  port: number;
  close(): Promise<void>;
}

/** Listens on host:0 (a free port) and serves every connection from the one PGlite session. */
export async function servePGlite(db: PGlite, host: string): Promise<PGliteFront> {
  const lock = new SessionLock();
  const connections = new Set<Connection>();
  const server: Server = createServer((socket) => {
    const conn = new Connection(socket, db, lock);
    connections.add(conn);
    socket.on('close', () => connections.delete(conn));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('PGlite front has no TCP address');
  return {
    port: address.port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const all = [...connections];
      for (const c of all) c.destroy();
      await Promise.all(all.map((c) => c.recover()));
      await closed;
    },
  };
}
