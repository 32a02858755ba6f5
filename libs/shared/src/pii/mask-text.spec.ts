import { maskText } from './mask-text';

/** Each row: what a citizen or a channel writes, and what may be kept after masking. */
const MASKED: [string, string, string][] = [
  ['18-digit ID', '身份证341202199001011234。', '身份证341202********1234。'],
  ['18-digit ID ending in X', '证件号 34120219900101123X', '证件号 341202********123X'],
  ['18-digit ID ending in x, grouped', '341202 19900101 123x', '341202********123x'],
  ['15-digit ID', '老身份证341202900101123反映', '老身份证341202******123反映'],
  ['mobile', '电话13912345678', '电话139****5678'],
  ['mobile with spaces', '手机 138 1234 5678 联系', '手机 138****5678 联系'],
  ['mobile with dashes', '138-1234-5678', '138****5678'],
  ['mobile with dots', '138.1234.5678', '138****5678'],
  ['mobile with +86', '+86 139-1234-5678', '139****5678'],
  ['full-width mobile', '电话：１３９１２３４５６７８', '电话：139****5678'],
  ['full-width ID with Ｘ', '３４１２０２１９９００１０１１２３Ｘ', '341202********123X'],
  ['full-width separators', '１３８－１２３４－５６７８', '138****5678'],
  ['landline with area code', '座机0558-2212345', '座机0558-****2345'],
  ['landline, 3-digit area and 8 digits', '010 8765 4321', '010-****4321'],
  ['landline in brackets', '(0558)2212345', '0558-****2345'],
  ['two numbers in one text', '13912345678或13800001111', '139****5678或138****1111'],
];

const KEPT: [string, string][] = [
  ['a date', '2026-01-12 09:30 反映'],
  ['a dotted date', '2026.01.12'],
  ['a compact date and time', '20260112093000'],
  ['an amount', '共计1234.56元，押金12,345元'],
  ['a large amount', '欠薪138000元'],
  ['a work-order number with letters', '工单号 GD20260112000123'],
  ['a work-order number with a letter suffix', '编号13912345678A'],
  ['an ID-length code with letters', 'SN341202199001011234'],
  ['a hotline number', '拨打12345热线'],
  ['a 400 service number', '客服400-123-4567'],
  ['a 15-digit number whose middle is not a date', '订单202613450001234'],
  ['a short number', '门牌号1234号'],
  ['a street address with numbers', '清河路88号3栋2单元1201室'],
];

describe('maskText', () => {
  it.each(MASKED)('masks %s', (_what, text, expected) => {
    expect(maskText(text)).toBe(expected);
  });

  it.each(KEPT)('leaves %s alone', (_what, text) => {
    expect(maskText(text)).toBe(text);
  });
});
