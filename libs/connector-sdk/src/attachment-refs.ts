import { type AppealItemV1 } from '@minsheng/shared/contracts';

export type AttachmentRef = AppealItemV1['attachments'][number];
type Kind = AttachmentRef['kind'];

const BY_LABEL: [RegExp, Kind][] = [
  [/^(image|img|photo|picture|pic|图片|照片|图像)$/i, 'image'],
  [/^(video|视频|短视频)$/i, 'video'],
  [/^(audio|voice|sound|录音|音频|语音)$/i, 'audio'],
  [/^(doc|document|file|pdf|文档|文件|附件)$/i, 'document'],
];

const BY_EXTENSION: [RegExp, Kind][] = [
  [/\.(jpe?g|png|gif|webp|bmp|heic)$/i, 'image'],
  [/\.(mp4|mov|webm|3gp|m4v|avi)$/i, 'video'],
  [/\.(mp3|m4a|amr|wav|aac|ogg)$/i, 'audio'],
  [/\.(pdf|docx?|xlsx?|pptx?|odt|wps)$/i, 'document'],
];

/**
 * One attachment URL of a channel record as the item carries it, or null when it is not an http(s) URL (it could not
 * be fetched, and the item contract would refuse it). The kind is a hint from the channel's label or the URL's
 * extension; the connectors sniff the real type when they fetch it (decision 021).
 */
export function attachmentRef(url: unknown, label?: unknown): AttachmentRef | null {
  if (typeof url !== 'string') return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const text = typeof label === 'string' ? label.trim() : '';
  const kind =
    BY_LABEL.find(([re]) => re.test(text))?.[1] ??
    BY_EXTENSION.find(([re]) => re.test(parsed.pathname))?.[1] ??
    'other';
  return { url: parsed.href, kind };
}

/** The refs of a record's attachment list, each URL once, in the record's order. */
export function attachmentRefs(list: readonly { url: unknown; label?: unknown }[]): AttachmentRef[] {
  const seen = new Set<string>();
  return list.flatMap(({ url, label }) => {
    const ref = attachmentRef(url, label);
    if (!ref || seen.has(ref.url)) return [];
    seen.add(ref.url);
    return [ref];
  });
}
