export * from './webhook-subscriptions.repository';
