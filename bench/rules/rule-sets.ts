import type { AppealType } from '../../libs/shared/src/contracts';
import type { Condition, Rule } from '../../libs/routing/src/rules';
import { legacyRulesDocument } from '../../libs/shared/src/seed/legacy-rules-document';
import { createRng, type Rng } from '../../test/simulator/prng';

/** The seed rule set, converted as the migration stores it: each keyword list becomes keywords.any. */
const SEED_RULES: Rule[] = legacyRulesDocument().rules;

/** Rules an admin adds once conditions beyond keyword lists exist (all expressible in json-rules-engine too). */
const RICHER_RULES: Rule[] = [
  {
    id: 'media-attention',
    name: '媒体与舆情关注',
    priority: 5,
    enabled: true,
    when: { channel: ['media_hotline', 'public_opinion'] },
    then: { tags: ['media'] },
  },
  {
    id: 'praise',
    name: '表扬件',
    priority: 6,
    enabled: true,
    when: { appealType: ['praise'] },
    then: { grade: 'simple', tags: ['praise'] },
  },
  {
    id: 'wage-arrears-group',
    name: '群体性欠薪',
    priority: 25,
    enabled: true,
    when: { all: [{ keywords: { all: ['工友', '拖欠'] } }, { appealType: ['complaint', 'help'] }] },
    then: {
      lead: { department: 'human-resources-social-security' },
      grade: 'complex',
      co: [{ department: 'housing-construction' }],
      tags: ['group'],
    },
  },
  {
    id: 'dining-hygiene',
    name: '餐饮卫生',
    priority: 38,
    enabled: true,
    when: { keywords: { any: ['就餐', '后厨'], none: ['表扬'] } },
    then: { lead: { department: 'market-regulation' }, co: [{ department: 'health' }], grade: 'general' },
  },
  {
    id: 'estate-noise',
    name: '小区噪声',
    priority: 42,
    enabled: true,
    when: { all: [{ keywords: { any: ['小区'] } }, { keywords: { any: ['噪音', '扰民', '音响'] } }] },
    then: { lead: { department: 'public-security' }, grade: 'simple' },
  },
  {
    id: 'fire-risk',
    name: '火灾隐患',
    priority: 33,
    enabled: true,
    when: { keywords: { any: ['火灾隐患', '私拉电线', '充电桩'] } },
    then: { lead: { department: 'emergency-management' }, grade: 'urgent' },
  },
  {
    id: 'minors',
    name: '涉未成年人',
    priority: 70,
    enabled: true,
    when: {
      all: [
        { keywords: { any: ['学生', '孩子', '中小学生'] } },
        { not: { appealType: ['praise', 'consult'] } },
      ],
    },
    then: { tags: ['minors'] },
  },
  {
    id: 'policy-consult',
    name: '政策咨询',
    priority: 75,
    enabled: true,
    when: {
      all: [
        { appealType: ['consult'] },
        { any: [{ keywords: { any: ['了解'] } }, { keywords: { any: ['解答'] } }] },
      ],
    },
    then: { tags: ['policy'] },
  },
  {
    id: 'online-complaint',
    name: '网络渠道投诉',
    priority: 80,
    enabled: true,
    when: {
      all: [
        { any: [{ channel: ['people_liuyan', 'new_media', 'miniapp'] }, { appealType: ['report'] }] },
        { keywords: { any: ['诉求'] } },
      ],
    },
    then: { tags: ['online'] },
  },
];

/** The realistic core, in the order an admin would have written it; N < its length takes a prefix. */
export const REALISTIC_RULES: readonly Rule[] = [...SEED_RULES, ...RICHER_RULES];

const DEPARTMENTS = [
  ...new Set(REALISTIC_RULES.flatMap((r) => (r.then.lead ? [r.then.lead.department] : []))),
];
const CHANNELS = ['hotline_12345', 'mayor_mailbox', 'people_liuyan', 'miniapp', 'new_media'];
const APPEAL_TYPES: AppealType[] = ['complaint', 'help', 'consult', 'suggestion', 'report'];
const GRADES = ['simple', 'general', 'complex', 'urgent'] as const;
/** First characters people do write in appeals, so the automaton walks partial matches as it would for real terms. */
const COMMON_FIRST = '小区物业道路工资学校医院村民垃圾噪音燃气停水电梯施工车辆违建补贴社区商户';

/**
 * Made-up terms of 2–4 characters: a common first character, then characters drawn from the whole CJK block,
 * so they rarely occur in real text — like the specific terms of a large real rule base.
 */
function termFactory(rng: Rng): () => string {
  const used = new Set<string>();
  return () => {
    for (;;) {
      let term = COMMON_FIRST[rng.int(0, COMMON_FIRST.length - 1)];
      const length = rng.int(2, 4);
      while (term.length < length) term += String.fromCharCode(rng.int(0x4e00, 0x9fa5));
      if (!used.has(term)) {
        used.add(term);
        return term;
      }
    }
  };
}

function syntheticCondition(i: number, rng: Rng, term: () => string): Condition {
  switch (i % 10) {
    case 6:
      return { all: [{ keywords: { any: [term(), term()] } }, { channel: [rng.pick(CHANNELS)] }] };
    case 7:
      return { all: [{ keywords: { all: [term(), term()] } }, { appealType: [rng.pick(APPEAL_TYPES)] }] };
    case 8:
      return { any: [{ keywords: { any: [term()] } }, { keywords: { any: [term(), term()] } }] };
    case 9:
      return { all: [{ keywords: { any: [term(), term()] } }, { not: { channel: [rng.pick(CHANNELS)] } }] };
    default:
      return { keywords: { any: Array.from({ length: rng.int(1, 4) }, term) } };
  }
}

/** N rules: the realistic core (or a prefix of it), padded with synthetic keyword rules of lower precedence. */
export function buildRuleSet(size: number, seed = 7): Rule[] {
  const rules = REALISTIC_RULES.slice(0, size).map((r) => structuredClone(r));
  const rng = createRng(seed);
  const term = termFactory(rng);
  for (let i = 0; rules.length < size; i++) {
    rules.push({
      id: `synthetic-${String(i).padStart(5, '0')}`,
      name: `合成规则 ${i}`,
      priority: rng.int(100, 999),
      enabled: true,
      when: syntheticCondition(i, rng, term),
      then: {
        lead: { department: rng.pick(DEPARTMENTS) },
        grade: rng.pick(GRADES),
        ...(rng.chance(0.1) ? { tags: [`t${rng.int(1, 20)}`] } : {}),
      },
    });
  }
  return rules;
}
