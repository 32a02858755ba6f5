import { HttpStatus } from '@nestjs/common';
import { CITY_CODE } from '@minsheng/shared/keys';
import { Open311Error } from './open311-error';

/**
 * The one jurisdiction this server speaks for, 阜阳市: by the city government's domain (the form the GeoReport
 * examples use) or by its division code. The parameter stays optional because we serve a single jurisdiction.
 */
export const JURISDICTION_IDS: readonly string[] = ['fy.gov.cn', CITY_CODE];

/** An absent id means this city; any other id is one we do not serve (404, as the spec asks). */
export function checkJurisdiction(id: unknown): void {
  if (id === undefined || (typeof id === 'string' && JURISDICTION_IDS.includes(id.trim().toLowerCase())))
    return;
  throw new Open311Error(
    HttpStatus.NOT_FOUND,
    `jurisdiction_id ${typeof id === 'string' ? id : JSON.stringify(id)} not found; this server serves ${JURISDICTION_IDS.join(' or ')}`,
  );
}
