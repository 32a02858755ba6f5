/*
 * CRC-32C (Castagnoli), slicing by eight: eight table lookups per eight bytes where kafkajs' own (crc32C.js) does
 * one per byte. kafkajs checksums every record batch it produces; the router's batches of ~500 tickets (~1.3 MB)
 * took ~3 % of its thread (decision 033) and take a third of that with these tables.
 */
const POLYNOMIAL = 0x82f63b78;

const TABLES = ((): Int32Array => {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++)
    for (let s = 1; s < 8; s++) {
      const prev = t[(s - 1) * 256 + n];
      t[s * 256 + n] = (prev >>> 8) ^ t[prev & 0xff];
    }
  return t;
})();

/** What kafkajs' crc32C.js returns for the same bytes: the unsigned 32-bit checksum. */
export function crc32c(buf: Uint8Array): number {
  const t = TABLES;
  let crc = -1;
  let i = 0;
  const n = buf.length;
  for (const end = n - (n & 7); i < end; i += 8) {
    const a = (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24)) ^ crc;
    crc =
      t[1792 + (a & 0xff)] ^
      t[1536 + ((a >>> 8) & 0xff)] ^
      t[1280 + ((a >>> 16) & 0xff)] ^
      t[1024 + (a >>> 24)] ^
      t[768 + buf[i + 4]] ^
      t[512 + buf[i + 5]] ^
      t[256 + buf[i + 6]] ^
      t[buf[i + 7]];
  }
  for (; i < n; i++) crc = t[(crc ^ buf[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
