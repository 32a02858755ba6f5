import { type IncomingHttpHeaders } from 'node:http';
import { serveLocally } from '../simulator/local-server';

export interface ReceivedHook {
  path: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  at: number;
  /** What the receiver answered (null: it never answered). */
  answered: number | null;
}

/** Decides the answer per request: a status code, or 'hang' to never answer (a dead-slow endpoint). */
export type Behaviour = (hook: ReceivedHook, seenForDelivery: number) => number | 'hang';

/** A downstream system's webhook endpoint: records every request with its exact bytes and answers as told per path. */
export async function startWebhookReceiver(behaviours: Record<string, Behaviour>, host = '127.0.0.1') {
  const received: ReceivedHook[] = [];
  const server = await serveLocally(
    (req, res, url) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const hook: ReceivedHook = {
          path: url.pathname,
          headers: req.headers,
          raw: Buffer.concat(chunks),
          at: Date.now(),
          answered: null,
        };
        received.push(hook);
        const delivery = String(req.headers['x-minsheng-delivery'] ?? '');
        const seen = received.filter(
          (h) => h.path === hook.path && h.headers['x-minsheng-delivery'] === delivery,
        ).length;
        const answer = (behaviours[url.pathname] ?? (() => 404))(hook, seen);
        if (answer === 'hang') return;
        hook.answered = answer;
        res.writeHead(answer, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
      return true;
    },
    (res) => res.writeHead(404).end(),
    { host },
  );
  return {
    url: (path: string) => `${server.origin}${path}`,
    received,
    at: (path: string) => received.filter((h) => h.path === path),
    close: () => server.close(),
  };
}
