import { appealTypeFromLabel } from '@minsheng/shared/contracts';
import { hashPhone, maskName, maskPhone } from '@minsheng/shared/pii';
import { attachmentRefs, type ItemDraft } from '@minsheng/connector-sdk';
import { type HotlineWorkOrder } from './hotline-12345.record';

/** The export writes local Asia/Shanghai wall time without a zone; the contract wants an explicit offset. */
export function shanghaiToIso(local: string): string {
  return `${local.replace(' ', 'T')}+08:00`;
}

export function mapWorkOrder(order: HotlineWorkOrder, piiHashKey: string): ItemDraft {
  const address = order.incidentAddress.trim();
  const urgent = order.urgency === '紧急';
  const repeated = order.repeatFlag === '1';
  const phoneHash = order.contactPhone ? hashPhone(order.contactPhone, piiHashKey) : null;
  const phoneMasked = order.contactPhone ? maskPhone(order.contactPhone) : null;
  return {
    submittedAt: shanghaiToIso(order.acceptTime),
    title: order.appealTitle || undefined,
    content: order.appealContent,
    appealType: appealTypeFromLabel(order.appealType),
    sourceTypeLabel: order.appealType || undefined,
    sourceDomainLabel: order.sourceChannel || undefined,
    location: address
      ? { addressText: address, precision: 'address', origin: 'citizen' }
      : { precision: 'none', origin: 'none' },
    reporter: {
      nameMasked: order.citizenName ? maskName(order.citizenName) : undefined,
      phoneHash: phoneHash ?? undefined,
      phoneMasked: phoneMasked ?? undefined,
      anonymous: order.anonymousFlag === '1',
      publicVisible: false,
    },
    attachments: attachmentRefs(order.attachments.map((a) => ({ url: a.fileUrl, label: a.fileType }))),
    riskFlags: [...(urgent ? ['urgent'] : []), ...(repeated ? ['repeated'] : [])],
    upstream: {
      status: order.status || undefined,
      urgency: order.urgency || undefined,
      repeated,
      // 好差评: the router records it against the hub's closed ticket (decision 034).
      satisfaction: order.satisfaction || undefined,
      satisfactionComment: order.satisfactionRemark || undefined,
    },
  };
}
