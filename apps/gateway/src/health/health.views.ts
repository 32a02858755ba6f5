import { z } from 'zod';
import { view } from '../common/api-views';

const state = z.enum(['up', 'down']);

export const liveView = view('Liveness', z.object({ status: z.literal('ok') }));

export const probeView = view(
  'Probe',
  z.object({
    status: z.enum(['ok', 'unavailable']).describe('unavailable answers 503'),
    checks: z
      .object({ postgres: state.optional(), kafka: state.optional() })
      .describe('up or down; never why'),
  }),
);

/** The shape /health always had, without the latency and error text it used to show. */
export const healthView = view(
  'Health',
  z.object({
    status: z.enum(['ok', 'degraded']).describe('degraded answers 503'),
    checks: z.object({ postgres: z.object({ status: state }), kafka: z.object({ status: state }) }),
  }),
);
