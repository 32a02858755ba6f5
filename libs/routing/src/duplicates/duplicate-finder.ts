import { type DataSource } from 'typeorm';
import { type AppealItemV1 } from '@minsheng/shared/contracts';
import { hammingDistance, simhash, simhashBands, simhashFromSql, simhashToSql } from '../text';
import { type Fingerprint } from '../decisions/decision.repository';

export interface DuplicatePolicy {
  windowHours: number;
  /** Bits two texts may differ by and still be one appeal when they share a place. */
  maxDistance: number;
  /** Looser bound when the same phone number reports both: one citizen retelling on another channel. */
  maxDistanceSamePhone: number;
}

export const DEFAULT_DUPLICATE_POLICY: DuplicatePolicy = {
  windowHours: 72,
  maxDistance: 3,
  maxDistanceSamePhone: 10,
};

interface Candidate {
  probe: number;
  item_id: string;
  simhash: string;
  county_code: string | null;
  phone_hash: string | null;
  received_at: Date;
}

export function fingerprintOf(item: AppealItemV1, countyCode: string | undefined): Fingerprint {
  const h = simhash([item.title, item.content].filter(Boolean).join(' '));
  return {
    itemId: item.id,
    simhash: simhashToSql(h),
    bands: simhashBands(h),
    countyCode,
    phoneHash: item.reporter.phoneHash,
    receivedAt: item.receivedAt,
  };
}

function isSameAppeal(
  a: Fingerprint,
  b: { simhash: string; countyCode?: string | null; phoneHash?: string | null },
  p: DuplicatePolicy,
): boolean {
  const distance = hammingDistance(simhashFromSql(a.simhash), simhashFromSql(b.simhash));
  if (a.phoneHash && b.phoneHash && a.phoneHash === b.phoneHash && distance <= p.maxDistanceSamePhone)
    return true;
  return distance <= p.maxDistance && !!a.countyCode && a.countyCode === b.countyCode;
}

/**
 * 并单: the same appeal arriving by several channels. Candidates come from the SimHash bands (any equal band) or the
 * same phone hash within the window, in one query per batch; the earliest matching appeal is the original.
 */
export class DuplicateFinder {
  constructor(
    private readonly db: DataSource,
    private readonly policy: DuplicatePolicy = DEFAULT_DUPLICATE_POLICY,
  ) {}

  /** For each probe, the id of the earlier appeal it repeats, if any (earlier probes of the same batch count). */
  async find(probes: Fingerprint[]): Promise<(string | undefined)[]> {
    if (!probes.length) return [];
    const rows = await this.db.query<Candidate[]>(
      `SELECT p.ord - 1 AS probe, f.item_id, f.simhash::text AS simhash, f.county_code, f.phone_hash, f.received_at
       FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::text[], $6::timestamptz[], $7::text[])
         WITH ORDINALITY AS p(b0, b1, b2, b3, phone, received, id, ord)
       JOIN LATERAL (
         SELECT * FROM item_fingerprints f
         WHERE f.received_at BETWEEN p.received - make_interval(hours => $8) AND p.received
           AND f.item_id <> p.id
           AND (f.band0 = p.b0 OR f.band1 = p.b1 OR f.band2 = p.b2 OR f.band3 = p.b3 OR (p.phone IS NOT NULL AND f.phone_hash = p.phone))
         ORDER BY f.received_at LIMIT 50
       ) f ON true`,
      [
        ...[0, 1, 2, 3].map((b) => probes.map((p) => p.bands[b])),
        probes.map((p) => p.phoneHash ?? null),
        probes.map((p) => p.receivedAt),
        probes.map((p) => p.itemId),
        this.policy.windowHours,
      ],
    );
    const byProbe = new Map<number, Candidate[]>();
    for (const r of rows) byProbe.set(Number(r.probe), [...(byProbe.get(Number(r.probe)) ?? []), r]);
    return probes.map((probe, i) => {
      const stored = (byProbe.get(i) ?? [])
        .filter((c) =>
          isSameAppeal(
            probe,
            { simhash: c.simhash, countyCode: c.county_code, phoneHash: c.phone_hash },
            this.policy,
          ),
        )
        .sort(
          (a, b) => a.received_at.getTime() - b.received_at.getTime() || a.item_id.localeCompare(b.item_id),
        );
      if (stored.length) return stored[0].item_id;
      return probes
        .slice(0, i)
        .find((earlier) => earlier.itemId !== probe.itemId && isSameAppeal(probe, earlier, this.policy))
        ?.itemId;
    });
  }
}
