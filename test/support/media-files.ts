import { createHash } from 'node:crypto';

/** Deterministic filler, so two calls with the same seed give the same file (the same picture sent twice). */
function filler(size: number, seed: string): Buffer {
  const out = Buffer.alloc(size);
  let block = createHash('sha256').update(seed).digest();
  for (let at = 0; at < size; at += block.length) {
    block.copy(out, at);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

function withHead(head: Buffer, size: number, seed: string): Buffer {
  return Buffer.concat([head, filler(Math.max(size - head.length, 0), seed)]);
}

/** Files whose first bytes are what the format's signature says; the rest is filler (sniffing reads only the head). */
export const media = {
  jpeg: (size: number, seed: string) =>
    withHead(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), size, seed),
  png: (size: number, seed: string) =>
    withHead(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), size, seed),
  mp4: (size: number, seed: string) =>
    withHead(
      Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom\0\0\x02\0isomiso2', 'latin1')]),
      size,
      seed,
    ),
  webm: (size: number, seed: string) =>
    withHead(
      Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84]), Buffer.from('webm')]),
      size,
      seed,
    ),
  /** A Windows executable, as a disguised ".jpg" would be. */
  exe: (size: number, seed: string) => withHead(Buffer.from('MZ\x90\0\x03\0\0\0', 'latin1'), size, seed),
};
