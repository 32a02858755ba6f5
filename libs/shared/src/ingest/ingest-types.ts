import { type AppealItemV1 } from '../contracts';

/** What a channel delivers for one upstream record; the ingest path adds id, revision, trace and provenance. */
export type ItemDraft = Omit<
  AppealItemV1,
  'schemaVersion' | 'id' | 'revision' | 'traceId' | 'channel' | 'source' | 'receivedAt'
> & {
  externalUrl?: string;
  boardId?: string;
};

export interface PulledRecord {
  externalId: string;
  /** The record exactly as fetched; kept (content-addressed) so a fixed parser can re-read it. */
  raw: string;
  contentType: string;
  /** Either the normalized draft, or why it could not be parsed (then it is quarantined, and the others continue). */
  draft?: ItemDraft;
  parseError?: string;
}

export interface PulledPage {
  records: PulledRecord[];
  /** Where to resume if the process dies right after this page is committed. */
  cursor: Record<string, unknown>;
}
