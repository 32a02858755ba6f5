import { type AppealItemV1 } from '@minsheng/shared/contracts';
import { hammingDistance, simhash, simhashBands, simhashFromSql, simhashToSql } from '../text';
import { type FingerprintCandidate, type Fingerprint } from '../decisions/decision.repository';

/** Stored fingerprints near each probe (DecisionRepository, which writes them with the decisions). */
export interface FingerprintCandidates {
  candidates(probes: Fingerprint[], windowHours: number): Promise<FingerprintCandidate[]>;
}

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
    private readonly fingerprints: FingerprintCandidates,
    private readonly policy: DuplicatePolicy = DEFAULT_DUPLICATE_POLICY,
  ) {}

  /** For each probe, the id of the earlier appeal it repeats, if any (earlier probes of the same batch count). */
  async find(probes: Fingerprint[]): Promise<(string | undefined)[]> {
    if (!probes.length) return [];
    const rows = await this.fingerprints.candidates(probes, this.policy.windowHours);
    const byProbe = new Map<number, FingerprintCandidate[]>();
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
