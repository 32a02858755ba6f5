export * from './attachments.repository';
export * from './sniff';
