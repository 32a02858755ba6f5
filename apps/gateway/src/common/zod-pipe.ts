import { HttpStatus, type PipeTransform } from '@nestjs/common';
import { type z } from 'zod';
import { issueLines } from '@minsheng/shared/contracts';
import { ApiError } from './api-error';

/** Validates a body, query or path parameter with zod; the 400 names every offending field. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    /** What an absent value stands for: an optional body arrives as undefined and means {}. */
    private readonly absent?: unknown,
  ) {}

  transform(value: unknown): z.infer<S> {
    const r = this.schema.safeParse(value ?? this.absent);
    if (r.success) return r.data;
    throw new ApiError('invalid_request', issueLines(r.error, '(body)').join('; '), HttpStatus.BAD_REQUEST);
  }
}
