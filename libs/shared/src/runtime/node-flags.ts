export type HubApp = 'gateway' | 'connectors' | 'router';

/**
 * Node flags each app runs with, wherever it is started: `npm run start:<app>`, the demo, the e2e tests and the
 * benchmarks (a spec keeps package.json in step). The connectors promote most of every page to the old generation
 * (it lives across the page's transaction). With a heap limit of 2 GB or more — Node's default on a machine with
 * memory to spare — V8 lets the old generation grow to about four times its live size between full collections,
 * and RSS climbed to ~300 MB over a ~45 MB live heap. Below 2 GB V8 grows it far less (RSS ~200 MB); 1 GB is still
 * twenty times the live heap, room for a 20 MB page (the body limit). See docs/decisions/014-ingest-memory.md.
 */
export const APP_NODE_FLAGS: Record<HubApp, readonly string[]> = {
  gateway: [],
  connectors: ['--max-old-space-size=1024'],
  router: [],
};
