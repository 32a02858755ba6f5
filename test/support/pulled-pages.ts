import { type PulledPage, type PulledRecord } from '../../libs/shared/src/ingest';

/** Runs a connector's pull to the end and keeps every page (connector specs read pages, records and ids from it). */
export async function collect(pages: AsyncIterable<PulledPage>): Promise<PulledPage[]> {
  const out: PulledPage[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

export const records = (pages: PulledPage[]): PulledRecord[] => pages.flatMap((p) => p.records);

export const byId = (pages: PulledPage[]): Map<string, PulledRecord> =>
  new Map(records(pages).map((r) => [r.externalId, r]));
