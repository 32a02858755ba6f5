import { hostname } from 'node:os';
import { concat, defer, from, type Observable, of } from 'rxjs';
import { catchError, map } from 'rxjs/operators';
import { z } from 'zod';
import { withCorrelation } from '../logging/correlation';

/** A control request: the body, and the asker's two deadlines (epoch ms), which the answering side honours. */
export interface ControlCommand<T> {
  /** The asker answers 503 unless the request is taken by then. */
  answerBy: number;
  /** The asker answers 504 unless the result arrives by then. */
  finishBy: number;
  /** The HTTP request's correlation id, so both processes' log lines of one request carry the same id. */
  correlationId: string | null;
  body: T;
}

export interface ControlFailure {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * Every request gets an `ack` at once, then `done` or `failed`. The ack is what the short timeout waits for (is the
 * other side there?); the result may take longer (a live check, a simulation). `stale`: the request was read after
 * its asker had given up (e.g. left on the topic while the app was down) and was not carried out.
 */
export type ControlReply<T> =
  | { kind: 'ack'; by: string }
  | { kind: 'done'; by: string; result: T }
  | { kind: 'failed'; by: string; error: ControlFailure }
  | { kind: 'stale'; by: string };

/** A failure the asker should show as it is (unknown instance, invalid rule set …), as opposed to a crash. */
export class ControlError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

/** Which process answered: in a reply and in the live status, so an operator can tell replicas apart. */
export function processIdentity(service: string): string {
  return `${service}@${hostname()}:${process.pid}`;
}

const envelopeSchema = z.object({
  answerBy: z.number(),
  finishBy: z.number(),
  correlationId: z.string().nullable(),
  body: z.unknown(),
});

/** Time kept back from the asker's deadline, so that a "too slow" answer still reaches it in time. */
const MARGIN_MS = 500;

function failureOf(e: unknown): ControlFailure {
  if (e instanceof ControlError) return { code: e.code, message: e.message, details: e.details };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

/**
 * The answer of a `@MessagePattern` handler: an ack at once (Nest commits the request's offset after the first value,
 * so a long job never holds the partition), then the job's result, or `deadline_exceeded` just before the asker
 * stops waiting. The body is parsed with `schema` first; a request read after its asker gave up is not carried out.
 */
export function answer<B, T>(
  by: string,
  raw: unknown,
  schema: z.ZodType<B>,
  job: (body: B) => Promise<T>,
): Observable<ControlReply<T>> {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success)
    return of({ kind: 'failed', by, error: { code: 'invalid_request', message: 'not a control request' } });
  const command = envelope.data;
  if (Date.now() > command.finishBy) return of({ kind: 'stale', by });
  const work = defer(() => {
    const body = schema.safeParse(command.body);
    if (!body.success) throw new ControlError('invalid_request', body.error.message);
    return from(
      withCorrelation(command.correlationId ?? undefined, () =>
        withDeadline(job(body.data), command.finishBy - MARGIN_MS),
      ),
    );
  });
  return concat(
    of<ControlReply<T>>({ kind: 'ack', by }),
    work.pipe(
      map((result): ControlReply<T> => ({ kind: 'done', by, result })),
      catchError((e: unknown) => of<ControlReply<T>>({ kind: 'failed', by, error: failureOf(e) })),
    ),
  );
}

async function withDeadline<T>(job: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ControlError('deadline_exceeded', 'the work did not finish before the asker stops waiting'),
        ),
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    return await Promise.race([job, late]);
  } finally {
    clearTimeout(timer);
  }
}
