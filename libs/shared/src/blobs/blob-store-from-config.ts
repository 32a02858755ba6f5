import { type AppConfig } from '../config';
import { type BlobStore } from './blob-store';
import { FsBlobStore } from './fs-blob-store';
import { S3BlobStore } from './s3-blob-store';

/** The configured store; S3 without its endpoint, bucket or keys is a configuration error at start-up. */
export function blobStoreFromConfig(config: AppConfig): BlobStore {
  if (config.BLOB_STORE === 'fs') return new FsBlobStore(config.BLOB_DIR);
  const { S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY } = config;
  if (!S3_ENDPOINT || !S3_BUCKET || !S3_ACCESS_KEY_ID || !S3_SECRET_ACCESS_KEY)
    throw new Error('BLOB_STORE=s3 needs S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
  return new S3BlobStore({
    endpoint: S3_ENDPOINT,
    bucket: S3_BUCKET,
    region: config.S3_REGION,
    prefix: config.S3_PREFIX,
    accessKeyId: S3_ACCESS_KEY_ID,
    secretAccessKey: S3_SECRET_ACCESS_KEY,
  });
}

/** Where signed links point: the public URL when one is configured, else the gateway's own address. */
export function gatewayBaseUrl(config: AppConfig): string {
  return config.GATEWAY_PUBLIC_URL ?? `http://${config.GATEWAY_HOST}:${config.GATEWAY_PORT}`;
}
