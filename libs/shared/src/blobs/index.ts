export * from './attachment-link';
export * from './blob-store';
export * from './blob-store-from-config';
export * from './fs-blob-store';
export * from './s3-blob-store';
export * from './sigv4';
