import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './openapi';

export type Schemas = components['schemas'];

/** An error as the gateway answers it: {code, message, correlationId}, shown as-is to the user. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly correlationId: string | undefined,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Held in memory only (never in storage): the page learns it again from GET /api/v1/session after a reload. */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && MUTATING.has(request.method)) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

/** Typed from docs/openapi.json: a changed API breaks the console's compile, not its users. */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);

/** The data of a 2xx answer, else an ApiFailure with the gateway's code, message and correlation id. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok && data !== undefined) return data;
  const body = (error && typeof error === 'object' ? error : {}) as Record<string, unknown>;
  throw new ApiFailure(
    response.status,
    typeof body.code === 'string' ? body.code : `http_${response.status}`,
    typeof body.message === 'string' ? body.message : response.statusText,
    typeof body.correlationId === 'string'
      ? body.correlationId
      : (response.headers.get('x-correlation-id') ?? undefined),
    body,
  );
}
