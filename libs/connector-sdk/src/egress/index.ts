// The egress policy (decision 022), light enough for the gateway: no axios, no parsers. Every outbound request —
// connector pulls and live checks, webhook deliveries — is checked here and connects to the address checked.
export * from './address-class';
export * from './egress-config';
export * from './egress-policy';
export { parseCidr, parseIp, unwrapMapped } from './ip-address';
