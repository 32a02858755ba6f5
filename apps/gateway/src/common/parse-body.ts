import { HttpStatus } from '@nestjs/common';
import { type z } from 'zod';
import { issueLines } from '@minsheng/shared/contracts';
import { ApiError } from './api-error';

/** Validates a request body (or query) with zod; the 400 names every offending field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const fields = issueLines(r.error, '(body)');
  throw new ApiError('invalid_request', fields.join('; '), HttpStatus.BAD_REQUEST);
}
