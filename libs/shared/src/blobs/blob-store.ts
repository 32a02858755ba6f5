/**
 * Where attachment bytes live, addressed by their SHA-256 (hex): the same picture sent twice is stored once.
 * Blobs are never public; the gateway reads them for a caller whose key may see the ticket (decision 021).
 */
export interface BlobStore {
  /** Stores the bytes under their hash; storing a hash that is already there is a no-op. */
  put(sha256: string, bytes: Buffer, mediaType: string): Promise<void>;
  /** The bytes, or null when no blob has that hash. */
  get(sha256: string): Promise<Buffer | null>;
  has(sha256: string): Promise<boolean>;
  /** Removes the blob; deleting a hash that is not there is a no-op. */
  delete(sha256: string): Promise<void>;
}

export const BLOB_STORE = Symbol('BLOB_STORE');

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Every store checks the key: it becomes a file name or an object key, so it must be nothing but a hash. */
export function assertBlobKey(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256 hex digest: ${sha256.slice(0, 80)}`);
}
