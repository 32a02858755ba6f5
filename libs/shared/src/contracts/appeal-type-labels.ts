import { type AppealType } from './appeal-item.v1';

/** The Chinese type words channels use (诉求类型 / 信件类型 / typeName), mapped once for every connector. */
export const APPEAL_TYPE_BY_LABEL: Readonly<Record<string, AppealType>> = {
  投诉: 'complaint',
  求助: 'help',
  咨询: 'consult',
  建议: 'suggestion',
  举报: 'report',
  表扬: 'praise',
};

/** Exact label first; sites also write 投诉类, 咨询件 and the like, so the first known type word inside decides. */
export function appealTypeFromLabel(label: string | undefined, fallback: AppealType = 'other'): AppealType {
  const text = (label ?? '').trim();
  if (!text) return fallback;
  const exact = APPEAL_TYPE_BY_LABEL[text];
  if (exact) return exact;
  const hit = Object.keys(APPEAL_TYPE_BY_LABEL).find((k) => text.includes(k));
  return hit ? APPEAL_TYPE_BY_LABEL[hit] : fallback;
}
