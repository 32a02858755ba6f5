/** What a blob is, from its first bytes; the URL's extension and the server's Content-Type are not trusted. */
export type AttachmentKind = 'image' | 'video' | 'audio' | 'document';

export type Sniffed =
  | { ok: true; kind: AttachmentKind; mediaType: string }
  | { ok: false; code: 'executable' | 'unsupported_type'; detail: string };

const ascii = (b: Buffer, start: number, end: number): string => b.subarray(start, end).toString('latin1');
const startsWith = (b: Buffer, bytes: number[], at = 0): boolean =>
  b.length >= at + bytes.length && bytes.every((x, i) => b[at + i] === x);

const accept = (kind: AttachmentKind, mediaType: string): Sniffed => ({ ok: true, kind, mediaType });

/** ISO base media (ftyp box): the major brand tells MP4 video, QuickTime and M4A audio apart. */
function isoMedia(b: Buffer): Sniffed | null {
  if (b.length < 12 || ascii(b, 4, 8) !== 'ftyp') return null;
  const brand = ascii(b, 8, 12);
  if (brand === 'M4A ' || brand === 'M4B ') return accept('audio', 'audio/mp4');
  if (brand === 'qt  ') return accept('video', 'video/quicktime');
  if (brand.startsWith('3g')) return accept('video', 'video/3gpp');
  return accept('video', 'video/mp4');
}

/** A ZIP is an Office document only when its entries say so (OOXML parts, or an ODF mimetype entry). */
function zipDocument(b: Buffer): Sniffed {
  const head = ascii(b, 0, Math.min(b.length, 64 * 1024));
  if (head.includes('[Content_Types].xml') || /(word|xl|ppt)\//.test(head)) {
    if (head.includes('word/'))
      return accept('document', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    if (head.includes('xl/'))
      return accept('document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    if (head.includes('ppt/'))
      return accept('document', 'application/vnd.openxmlformats-officedocument.presentationml.presentation');
  }
  const odf = /^mimetypeapplication\/vnd\.oasis\.opendocument\.[a-z]+/.exec(ascii(b, 30, 100));
  if (odf) return accept('document', odf[0].slice('mimetype'.length));
  return { ok: false, code: 'unsupported_type', detail: 'a ZIP archive that is not an Office document' };
}

function executable(b: Buffer): string | null {
  if (startsWith(b, [0x4d, 0x5a])) return 'a Windows executable (MZ)';
  if (startsWith(b, [0x7f, 0x45, 0x4c, 0x46])) return 'an ELF executable';
  if (
    [
      [0xfe, 0xed, 0xfa, 0xce],
      [0xfe, 0xed, 0xfa, 0xcf],
      [0xcf, 0xfa, 0xed, 0xfe],
      [0xce, 0xfa, 0xed, 0xfe],
    ].some((m) => startsWith(b, m))
  )
    return 'a Mach-O executable';
  if (startsWith(b, [0xca, 0xfe, 0xba, 0xbe])) return 'a Mach-O universal binary or Java class';
  if (startsWith(b, [0x23, 0x21]) && !startsWith(b, [0x23, 0x21, 0x41, 0x4d, 0x52])) return 'a script (#!)';
  return null;
}

/** Images, common video and audio, PDF and Office documents; an executable is named as one, anything else refused. */
export function sniff(b: Buffer): Sniffed {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return accept('image', 'image/jpeg');
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return accept('image', 'image/png');
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return accept('image', 'image/gif');
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return accept('image', 'image/webp');
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WAVE') return accept('audio', 'audio/wav');
  const iso = isoMedia(b);
  if (iso) return iso;
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3]))
    return accept('video', ascii(b, 0, 64).includes('webm') ? 'video/webm' : 'video/x-matroska');
  if (ascii(b, 0, 3) === 'ID3' || (b.length > 1 && b[0] === 0xff && [0xfb, 0xf3, 0xf2, 0xfa].includes(b[1])))
    return accept('audio', 'audio/mpeg');
  if (ascii(b, 0, 6) === '#!AMR\n' || ascii(b, 0, 9) === '#!AMR-WB\n') return accept('audio', 'audio/amr');
  if (ascii(b, 0, 5) === '%PDF-') return accept('document', 'application/pdf');
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return accept('document', 'application/vnd.ms-office');
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return zipDocument(b);
  const exe = executable(b);
  if (exe) return { ok: false, code: 'executable', detail: exe };
  return {
    ok: false,
    code: 'unsupported_type',
    detail: `unrecognised content (first bytes ${b.subarray(0, 8).toString('hex') || 'none'})`,
  };
}
