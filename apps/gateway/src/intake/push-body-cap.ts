/**
 * The largest body push intake reads: the JSON parser's limit and the highest limit a channel may be given. Every
 * delivery, to a known channel or not, is measured against it before its signature, so no HMAC runs over more.
 */
export const PUSH_BODY_CAP_BYTES = 1024 * 1024;
