/** Times as Shanghai wall-clock, the way city staff read them. */
export function shanghai(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}
