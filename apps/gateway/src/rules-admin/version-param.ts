import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';

export function versionParam(value: string): number {
  const n = Number(value);
  if (!/^\d{1,9}$/.test(value) || n < 1)
    throw new ApiError('invalid_request', 'version must be a positive integer', HttpStatus.BAD_REQUEST);
  return n;
}
