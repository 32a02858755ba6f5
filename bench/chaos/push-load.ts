import { createHmac } from 'node:crypto';
import { appealId } from '../../libs/shared/src/ids';
import { generateWorkOrders } from '../../test/simulator/hotline-orders';

/** A mini-program channel pushing signed deliveries, as a real one would (POST /intake/:channel, decision 023). */
export interface PushChannel {
  channel: string;
  secret: string;
}

export interface Delivery {
  /** The item id the hub gives this delivery: what the census looks for on the output topics. */
  id: string;
  raw: string;
}

/** N distinct, realistic deliveries made from the simulator's 12345 work orders (text, address, phone, name). */
export function deliveries(channel: string, count: number, seed: number): Delivery[] {
  return generateWorkOrders(count, seed).map(({ order }) => {
    const body = {
      externalId: order.recordNo,
      title: order.appealTitle,
      content: order.appealContent,
      submittedAt: `${order.acceptTime.replace(' ', 'T')}+08:00`,
      ...(order.incidentAddress ? { address: order.incidentAddress } : {}),
      ...(order.anonymousFlag === '1' ? {} : { phone: order.contactPhone, name: order.citizenName }),
    };
    return { id: appealId(channel, order.recordNo), raw: JSON.stringify(body) };
  });
}

export interface PushResult {
  /** Ids the hub accepted (202): every one must come out of the router exactly once. */
  accepted: string[];
  /** Requests answered 5xx or not at all, then retried (a retry of a delivery is idempotent). */
  retries: number;
}

/**
 * Posts every delivery, `concurrency` at a time, round-robin over the gateways, at most `perSecond` per second
 * (paced against the clock). A failed request is retried with the same body until accepted or `giveUpMs` passes;
 * a 4xx other than 429 is a bug in this tool and fails the run. `onAccepted` sees the running count.
 */
export async function push(
  gateways: string[],
  channel: PushChannel,
  items: Delivery[],
  opts: { concurrency: number; perSecond: number; giveUpMs: number; onAccepted?: (n: number) => void },
): Promise<PushResult> {
  const accepted: string[] = [];
  let retries = 0;
  let next = 0;
  const start = Date.now();
  const sign = (timestamp: string, raw: string) =>
    `sha256=${createHmac('sha256', channel.secret).update(`${timestamp}.${raw}`).digest('hex')}`;

  const send = async (d: Delivery, i: number, attempt: number): Promise<void> => {
    const base = gateways[(i + attempt) % gateways.length];
    const timestamp = String(Math.floor(Date.now() / 1000));
    try {
      const res = await fetch(`${base}/intake/${channel.channel}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-minsheng-timestamp': timestamp,
          'x-minsheng-signature': sign(timestamp, d.raw),
        },
        body: d.raw,
        signal: AbortSignal.timeout(30000),
      });
      const text = await res.text();
      if (res.status === 202) return;
      if (res.status < 500 && res.status !== 429)
        throw Object.assign(new Error(`intake refused ${d.id}: ${res.status} ${text}`), { fatal: true });
      throw new Error(`intake answered ${res.status}`);
    } catch (e) {
      if ((e as { fatal?: boolean }).fatal) throw e;
      if (Date.now() - start > opts.giveUpMs) throw new Error(`intake of ${d.id} failed: ${String(e)}`);
      retries += 1;
      await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt)));
      return send(d, i, attempt + 1);
    }
  };

  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      if (Number.isFinite(opts.perSecond)) {
        const due = start + (i / opts.perSecond) * 1000;
        await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
      }
      await send(items[i], i, 0);
      accepted.push(items[i].id);
      opts.onAccepted?.(accepted.length);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return { accepted, retries };
}
