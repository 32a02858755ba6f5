import { type FeedbackV1, type RoutedTicketV1 } from '@minsheng/shared/contracts';

/**
 * Why the router refuses a feedback event that passed the schema, or null to apply it. Only the gateway may write
 * appeal.feedback.v1 (Kafka ACLs, deploy/k8s/base/kafka-users.yaml), and it checks all of this before it publishes;
 * the router checks again so that a message from anywhere else cannot re-route or close a ticket
 * (docs/decisions/024-feedback-authority.md):
 * - the decision answered must exist;
 * - 受理 / 退单 / 办结 come from a unit of that decision (its lead or a co-handling department), and only for an
 *   automatic decision (a ticket in triage has no unit yet);
 * - 人工派单 answers a decision that is in triage.
 */
export function feedbackRefusal(e: FeedbackV1, answered: RoutedTicketV1 | undefined): string | null {
  if (!answered) return `answers decision ${e.decisionRevision} of ${e.itemId}, which was never made`;
  const d = answered.decision;
  if (e.kind === 'dispatched')
    return d.mode === 'triage'
      ? null
      : `a manual dispatch answers a decision in triage; decision ${e.decisionRevision} of ${e.itemId} is ${d.mode}`;
  if (d.mode !== 'auto')
    return `${e.kind} answers decision ${e.decisionRevision}, which is in triage: no unit holds it`;
  const units = [d.lead, ...d.co].filter((u) => !!u).map((u) => u.department);
  return units.includes(e.department)
    ? null
    : `${e.kind} from ${e.department}, which does not handle decision ${e.decisionRevision} of ${e.itemId} (${units.join(', ')})`;
}
