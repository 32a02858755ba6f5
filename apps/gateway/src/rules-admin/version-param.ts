import { HttpStatus, type PipeTransform } from '@nestjs/common';
import { ApiError } from '../common/api-error';

/** `@Param('version', VersionPipe)`: a rule-set version in a path, a positive integer. */
export class VersionPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const n = Number(value);
    if (!/^\d{1,9}$/.test(value) || n < 1)
      throw new ApiError('invalid_request', 'version must be a positive integer', HttpStatus.BAD_REQUEST);
    return n;
  }
}
