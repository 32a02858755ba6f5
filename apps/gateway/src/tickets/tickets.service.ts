import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { type RoutedTicketV1 } from '@minsheng/shared/contracts';
import { DATA_SOURCE } from '@minsheng/shared/runtime';
import { inScope, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';

export interface TicketView {
  id: string;
  revision: number;
  decisionRevision: number;
  status: 'routed' | 'triage';
  ticket: RoutedTicketV1;
  revisions: { revision: number; receivedAt: string; decided: boolean }[];
}

export function departmentsOf(t: RoutedTicketV1): string[] {
  return [t.decision.lead?.department, ...t.decision.co.map((c) => c.department)].filter(
    (d): d is string => !!d,
  );
}

@Injectable()
export class TicketsService {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async get(id: string, caller: Principal): Promise<TicketView> {
    if (!/^ap_[0-9a-f]{32}$/.test(id))
      throw new ApiError(
        'invalid_request',
        'ticket id must be ap_ followed by 32 hex digits',
        HttpStatus.BAD_REQUEST,
      );
    const rows = await this.db.query<
      { ticket: RoutedTicketV1; item_revision: number; decision_revision: number }[]
    >(
      `SELECT ticket, item_revision, decision_revision FROM routing_decisions WHERE item_id = $1
       ORDER BY item_revision DESC, decision_revision DESC LIMIT 1`,
      [id],
    );
    // Out of scope answers exactly like missing, so a key cannot probe which ids exist elsewhere.
    if (
      !rows.length ||
      !inScope(caller, rows[0].ticket.decision.jurisdiction.codes.county, departmentsOf(rows[0].ticket))
    )
      throw new ApiError('not_found', `no routed ticket ${id}`, HttpStatus.NOT_FOUND);
    const revisions = await this.db.query<{ revision: number; received_at: Date; decided: boolean }[]>(
      `SELECT i.revision, i.received_at, EXISTS (SELECT 1 FROM routing_decisions d WHERE d.item_id = i.id AND d.item_revision = i.revision) AS decided
       FROM appeal_items i WHERE i.id = $1 ORDER BY i.revision`,
      [id],
    );
    const [latest] = rows;
    return {
      id,
      revision: latest.item_revision,
      decisionRevision: latest.decision_revision,
      status: latest.ticket.decision.mode === 'auto' ? 'routed' : 'triage',
      ticket: latest.ticket,
      revisions: revisions.map((r) => ({
        revision: r.revision,
        receivedAt: new Date(r.received_at).toISOString(),
        decided: r.decided,
      })),
    };
  }
}
