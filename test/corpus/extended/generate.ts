import { stableHash, seededRandom } from '../../../libs/learning/src';
import { CITY_BANKS } from './bank-city';
import { ECONOMY_BANKS } from './bank-economy';
import { PEOPLE_BANKS } from './bank-people';
import { type DepartmentBank } from './bank-types';
import { FREE_TEXT } from './free-text';
import { ESTATES, randomCounty, randomPlace, ROADS } from './places';

export interface CorpusLine {
  id: string;
  title?: string;
  content: string;
  appealType: 'complaint' | 'help' | 'consult' | 'suggestion' | 'report' | 'praise';
  expected: { department: string | null; territorial: boolean };
  /** Fixed, by a stable hash of the id. */
  split: 'train' | 'test';
  /** The bank issue a generated line was composed from (free:N for free text): for the grouped measure. */
  issue: string;
}

export const BANKS: readonly DepartmentBank[] = [...CITY_BANKS, ...PEOPLE_BANKS, ...ECONOMY_BANKS];
export const SEED = 2026;
const GENERATED = 1_260;
const TEST_SHARE = 4;

/** One in four ids is test. */
export function splitOf(group: string): 'train' | 'test' {
  return stableHash(group) % TEST_SHARE === 0 ? 'test' : 'train';
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];

const TIMES = [
  '上个月',
  '这半年',
  '三月份以来',
  '前天',
  '上周',
  '今年开春以来',
  '国庆节后',
  '最近一个月',
  '去年冬天开始',
];
const HOTLINE_OPENERS = [
  '来电人反映：',
  '市民来电反映，',
  '来电反映：',
  '诉求人称：',
  '群众反映：',
  '',
  '',
  '来电人称，',
];
const LETTER_OPENERS = ['尊敬的市长：您好！', '领导您好，', '尊敬的领导：', '您好，', '市长您好！'];
const ATTEMPTS = [
  '',
  '',
  '',
  '已经打过好几次电话了。',
  '之前反映过一次，说会处理，到现在也没动静。',
  '找过社区，社区说这个事不归他们管。',
  '拨打过12345，转过去以后没有下文。',
  '{time}就开始这样了。',
  '问了好几个部门，都说不归自己管。',
  '周围邻居意见都很大。',
  '拍了照片和视频，可以提供。',
];
const GENERIC_ASKS = [
  '希望有关部门尽快处理。',
  '请相关部门管一管。',
  '请政府重视。',
  '希望能给解决一下。',
  '请尽快处理。',
];
const CLOSERS = [
  '',
  '',
  '谢谢！',
  '麻烦尽快处理，谢谢。',
  '恳请领导关注！',
  '盼复。',
  '急！！',
  '望答复为盼。',
];
const TYPOS: readonly [RegExp, string][] = [
  [/反映/g, '反应'],
  [/安装/g, '按装'],
  [/已经/g, '以经'],
  [/根本/g, '跟本'],
];

function fill(text: string, random: () => number): string {
  return text
    .replace(/\{place\}/g, () => randomPlace(random))
    .replace(/\{estate\}/g, () => pick(random, ESTATES))
    .replace(/\{road\}/g, () => pick(random, ROADS))
    .replace(/\{time\}/g, () => pick(random, TIMES))
    .replace(/\{n\}/g, () => String(2 + Math.floor(random() * 30)));
}

/** Phone input and hotline transcription: typos, full-width digits, a masked number, lost punctuation. */
function noisy(text: string, random: () => number): string {
  let out = text;
  if (random() < 0.15) {
    const [from, to] = pick(random, TYPOS);
    out = out.replace(from, to);
  }
  if (random() < 0.1) out = out.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
  if (random() < 0.12)
    out += `（联系电话：1${3 + Math.floor(random() * 6)}*****${1000 + Math.floor(random() * 9000)}）`;
  if (random() < 0.1)
    out = out
      .replace(/[，。！]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return out;
}

function appealTypeOf(text: string): CorpusLine['appealType'] {
  if (/怎么|多少|能不能|是否|吗|哪里|什么时候|要哪些|需要什么/.test(text)) return 'consult';
  if (/希望.*(建|改造|规划|组织)|建议/.test(text)) return 'suggestion';
  if (/举报|偷偷|私自|骗/.test(text)) return 'report';
  if (/救助|帮帮|帮助|补助/.test(text)) return 'help';
  return 'complaint';
}

function compose(
  bank: DepartmentBank,
  issue: string,
  random: () => number,
): { title?: string; content: string } {
  const [rawTitle, rawBody] = issue.split('|');
  const body = fill(rawBody, random);
  const attempt = fill(pick(random, ATTEMPTS), random);
  // Many callers name no department at all, or only 有关部门: the ask is a hint, not a label.
  const r = random();
  const ask = r < 0.4 ? pick(random, bank.asks) : r < 0.7 ? pick(random, GENERIC_ASKS) : '';
  const style = random();
  if (style < 0.4) {
    return { content: noisy(`${pick(random, HOTLINE_OPENERS)}${body}${attempt}${ask}`, random) };
  }
  if (style < 0.65) {
    const who = random() < 0.5 ? `我是${randomCounty(random)}的一名普通群众，` : '';
    return {
      title: random() < 0.6 ? rawTitle : undefined,
      content: noisy(
        `${pick(random, LETTER_OPENERS)}${who}${body}${attempt}${ask}${pick(random, CLOSERS)}`,
        random,
      ),
    };
  }
  if (style < 0.85) {
    return { title: rawTitle, content: noisy(`${body}${attempt}${ask}${pick(random, CLOSERS)}`, random) };
  }
  // Short, typed on a phone: the first clause or two, no greeting, often no title.
  const clauses = body.split(/[，。！？]/).filter(Boolean);
  const short = clauses.slice(0, 1 + Math.floor(random() * 2)).join(' ');
  return { title: random() < 0.3 ? rawTitle : undefined, content: noisy(short, random) };
}

/**
 * The extended corpus: the generated lines and the free-text ones, shuffled with a fixed seed. Deterministic:
 * test/corpus/appeals-extended.jsonl is this function's output (a spec checks it).
 */
export function extendedCorpus(): CorpusLine[] {
  const random = seededRandom(SEED);
  const lines: Omit<CorpusLine, 'id' | 'split'>[] = [];
  const issues = BANKS.flatMap((bank) =>
    bank.issues.map((issue, i) => ({ bank, issue, group: `${bank.department}:${i}` })),
  );
  for (let n = 0; n < GENERATED; n += 1) {
    // Every issue at least once, then at random: departments keep their natural, unequal sizes.
    const { bank, issue, group } = n < issues.length ? issues[n] : pick(random, issues);
    const { title, content } = compose(bank, issue, random);
    lines.push({
      title,
      content,
      appealType: appealTypeOf(content),
      expected: { department: bank.department, territorial: bank.department === 'town-office' },
      issue: group,
    });
  }
  FREE_TEXT.forEach(([department, title, content], i) => {
    lines.push({
      title: title || undefined,
      content,
      appealType: department === null && /感谢|表扬|谢谢/.test(content) ? 'praise' : appealTypeOf(content),
      expected: { department, territorial: department === 'town-office' },
      issue: `free:${i}`,
    });
  });
  const order = lines.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.map((k, i) => {
    const line = lines[k];
    const id = `x${String(i + 1).padStart(4, '0')}`;
    return {
      id,
      ...(line.title ? { title: line.title } : {}),
      content: line.content,
      appealType: line.appealType,
      expected: line.expected,
      split: splitOf(id),
      issue: line.issue,
    };
  });
}
