import { type AppealItemV1, type Decision } from '@minsheng/shared/contracts';
import { type JurisdictionInput, type JurisdictionResult } from '../gazetteer';
import { type RoutingContext } from '../routing-context';

/** Stage 1: where the appeal is, and whether that is sure enough to dispatch on. */
export interface Located {
  /** The gazetteer's answer, trusted or not: its ambiguity decides the triage reason later. */
  place: JurisdictionResult;
  /** A county found with at least the policy's confidence. */
  trusted: boolean;
  /** What the decision records: empty codes and method 'none' when the place is not trusted. */
  jurisdiction: Decision['jurisdiction'];
  explanation: string[];
}

/**
 * The channel's strongest hint wins: a message board, then a mailbox owner, then a named department. The parts
 * are joined without a separator: the gazetteer drops whitespace before matching, and a text without any is
 * matched as it is rather than copied by a regular expression for every item.
 */
export function jurisdictionInput(item: AppealItemV1): JurisdictionInput {
  const hint = item.source.boardId
    ? { kind: 'board' as const, value: item.source.boardId }
    : item.targetHint?.mailboxOwner
      ? { kind: 'mailbox' as const, value: item.targetHint.mailboxOwner }
      : item.targetHint?.deptName
        ? { kind: 'dept' as const, value: item.targetHint.deptName }
        : undefined;
  return {
    text: [item.location.addressText, item.title, item.content].filter(Boolean).join(''),
    adcode: item.location.adcode,
    hint: hint && { ...hint, channel: item.channel },
  };
}

function toJurisdiction(r: JurisdictionResult, trusted: boolean): Decision['jurisdiction'] {
  if (!trusted || !r.county) return { codes: {}, method: 'none', confidence: r.confidence };
  return {
    county: r.county.name,
    town: r.town?.name,
    village: r.village?.name,
    codes: { county: r.county.code, town: r.town?.code, village: r.village?.code },
    method: r.method,
    confidence: r.confidence,
  };
}

function verdict(place: JurisdictionResult, trusted: boolean, j: Decision['jurisdiction']): string {
  if (trusted)
    return `jurisdiction: ${[j.county, j.town, j.village].filter(Boolean).join(' / ')} by ${j.method} (confidence ${j.confidence})`;
  const ambiguous = place.ambiguous
    ? `, ambiguous ${place.ambiguous.level}: ${place.ambiguous.candidates.join(', ')}`
    : '';
  return `jurisdiction: not trusted (confidence ${place.confidence}${ambiguous})`;
}

/** adcode → channel hint → admin aliases/POIs → gazetteer text, trusted from the policy's confidence up. */
export function locate(item: AppealItemV1, ctx: RoutingContext): Located {
  const place = ctx.gazetteer.resolve(jurisdictionInput(item));
  const trusted = !!place.county && place.confidence >= ctx.policy.minConfidence;
  const jurisdiction = toJurisdiction(place, trusted);
  return {
    place,
    trusted,
    jurisdiction,
    explanation: [...place.evidence.map((e) => `jurisdiction: ${e}`), verdict(place, trusted, jurisdiction)],
  };
}
