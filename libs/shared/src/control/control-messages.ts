import { z } from 'zod';

/** A live check of a saved instance (the connectors read its config), or of a config under test (secrets sealed). */
export const checkRequestSchema = z.union([
  z.strictObject({ instanceId: z.string().min(1) }),
  z.strictObject({ type: z.string().min(1), config: z.record(z.string(), z.unknown()) }),
]);
export type CheckRequest = z.infer<typeof checkRequestSchema>;

export const instanceRequestSchema = z.strictObject({ instanceId: z.string().min(1) });
export type InstanceRequest = z.infer<typeof instanceRequestSchema>;

/**
 * What a connectors process did with a run-now request: started the pull; found the request already served (its
 * poll, or another replica, was quicker); or is pulling the instance right now, so the recorded request is served
 * when that pull ends.
 */
export type RunNowOutcome = 'started' | 'already_served' | 'busy';

export interface RunNowReply {
  outcome: RunNowOutcome;
}

export type CircuitView = { host: string; state: 'closed' | 'open' | 'half_open' };

/** What only a running connectors process knows about an instance; the rest of the status is in PostgreSQL. */
export interface LiveStatus {
  /** The process that answered (service@host:pid): with several replicas, its own view. */
  by: string;
  /** It has a cron task for the instance (enabled, with a valid schedule). */
  scheduled: boolean;
  /** The task's next fire time, in its schedule's time zone. */
  nextFireAt: string | null;
  /** A pull of the instance is in flight in that process. */
  pulling: boolean;
  pullStartedAt: string | null;
  /** The circuit breaker of every host the instance's config points at. */
  circuits: CircuitView[];
}

export const simulateRequestSchema = z.strictObject({
  version: z.number().int().positive(),
  /** The newest N items (latest revision of each); ignored when from/to are given. */
  last: z.number().int().positive(),
  from: z.string().optional(),
  to: z.string().optional(),
  examples: z.number().int().min(0),
});
export type SimulateRequest = z.infer<typeof simulateRequestSchema>;

/** Who asked for a training run (the admin key's name): the audit names them. */
export const trainModelRequestSchema = z.strictObject({ actor: z.string().min(1) });
export type TrainModelRequest = z.infer<typeof trainModelRequestSchema>;

export const simulateModelRequestSchema = simulateRequestSchema.extend({
  version: z.string().regex(/^tm-[0-9a-f]{8}$/),
});
export type SimulateModelRequest = z.infer<typeof simulateModelRequestSchema>;
