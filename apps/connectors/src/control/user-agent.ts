/**
 * Every upstream request of the connectors carries this: a source's operator can tell who is calling, and which
 * replica (the control-plane e2e test proves from it that the connectors process fetched, not the gateway).
 */
export function connectorsUserAgent(): string {
  return `MinshengHub-Connectors/1 (pid ${process.pid})`;
}
