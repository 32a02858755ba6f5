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

interface Comparable {
  hash: bigint;
  countyCode?: string | null;
  phoneHash?: string | null;
}

function isSameAppeal(a: Comparable, b: Comparable, p: DuplicatePolicy): boolean {
  const distance = hammingDistance(a.hash, b.hash);
  if (a.phoneHash && b.phoneHash && a.phoneHash === b.phoneHash && distance <= p.maxDistanceSamePhone)
    return true;
  return distance <= p.maxDistance && !!a.countyCode && a.countyCode === b.countyCode;
}

/**
 * Earlier probes of the same batch that could repeat probe i, in batch order: those sharing a SimHash band (any two
 * within maxDistance ≤ 3 bits share one) or the phone hash — the query's rule, so the batch is not compared pairwise.
 */
class BatchIndex {
  private readonly byKey = new Map<string, number[]>();

  add(i: number, probe: Fingerprint): void {
    for (const key of this.keys(probe)) {
      const list = this.byKey.get(key);
      if (list) list.push(i);
      else this.byKey.set(key, [i]);
    }
  }

  candidates(probe: Fingerprint): number[] {
    const found = new Set<number>();
    for (const key of this.keys(probe)) for (const j of this.byKey.get(key) ?? []) found.add(j);
    return [...found].sort((x, y) => x - y);
  }

  private keys(probe: Fingerprint): string[] {
    const keys = probe.bands.map((b, k) => `${k}:${b}`);
    if (probe.phoneHash) keys.push(`p:${probe.phoneHash}`);
    return keys;
  }
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

  /**
   * Stored fingerprints near each probe, by the probe's item id. The query reads only what a fingerprint has before
   * routing (bands, phone, receipt), so the router runs it alongside its other reads, not after routing (033).
   */
  async near(probes: Fingerprint[]): Promise<Map<string, FingerprintCandidate[]>> {
    const byItem = new Map<string, FingerprintCandidate[]>();
    if (!probes.length) return byItem;
    const distinct = [...new Map(probes.map((p) => [p.itemId, p])).values()];
    for (const r of await this.fingerprints.candidates(distinct, this.policy.windowHours)) {
      const id = distinct[Number(r.probe)].itemId;
      const list = byItem.get(id);
      if (list) list.push(r);
      else byItem.set(id, [r]);
    }
    return byItem;
  }

  /**
   * For each probe, the id of the earlier appeal it repeats, if any (earlier probes of the same batch count).
   * `near` is what near() found for these probes, when the caller fetched it already.
   */
  async find(
    probes: Fingerprint[],
    near?: Map<string, FingerprintCandidate[]>,
  ): Promise<(string | undefined)[]> {
    if (!probes.length) return [];
    const found = near ?? (await this.near(probes));
    const comparable = probes.map((p) => ({ ...p, hash: simhashFromSql(p.simhash) }));
    const index = new BatchIndex();
    return comparable.map((probe, i) => {
      const stored = (found.get(probe.itemId) ?? [])
        .filter((c) =>
          isSameAppeal(
            probe,
            { hash: simhashFromSql(c.simhash), countyCode: c.county_code, phoneHash: c.phone_hash },
            this.policy,
          ),
        )
        .sort(
          (a, b) => a.received_at.getTime() - b.received_at.getTime() || a.item_id.localeCompare(b.item_id),
        );
      const earlier = stored.length
        ? undefined
        : index
            .candidates(probe)
            .map((j) => comparable[j])
            .find((e) => e.itemId !== probe.itemId && isSameAppeal(probe, e, this.policy));
      index.add(i, probe);
      return stored.length ? stored[0].item_id : earlier?.itemId;
    });
  }
}
