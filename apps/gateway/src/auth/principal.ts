import { type Request } from 'express';
import { type ApiKeyRole } from '@minsheng/shared/db';
import { type RoutedTicketV1 } from '@minsheng/shared/contracts';
import { CITY_CODE } from '@minsheng/shared/keys';

/** Who is calling, as the guard established it from the API key. */
export interface Principal {
  keyId: string;
  name: string;
  role: ApiKeyRole;
  /** County codes the caller may see; undefined = every county (admin, auditor, operator, city-wide consumer). */
  counties?: string[];
  /** Department codes the caller may see; undefined = every department. */
  departments?: string[];
}

/** The console session a request was authenticated with (its cookie), as the guard found it. */
export interface RequestSession {
  id: string;
  token: string;
  expiresAt: Date;
}

export interface AuthedRequest extends Request {
  principal?: Principal;
  /** Set when the caller came with the console's session cookie rather than an API key. */
  session?: RequestSession;
}

export function principalOf(k: {
  id: string;
  name: string;
  role: ApiKeyRole;
  counties: string[];
  departments: string[];
}): Principal {
  const cityWide = k.role !== 'consumer' || k.counties.includes(CITY_CODE);
  return {
    keyId: k.id,
    name: k.name,
    role: k.role,
    counties: cityWide ? undefined : k.counties,
    departments: k.role === 'consumer' && k.departments.length ? k.departments : undefined,
  };
}

/** The audit log's "who": stable key id plus the human name given at creation. */
export function actorOf(p: Principal): string {
  return `key:${p.keyId}:${p.name}`;
}

/** Whether a ticket at this county/department is inside the caller's scope. */
export function inScope(p: Principal, countyCode: string | null | undefined, departments: string[]): boolean {
  if (p.counties && (!countyCode || !p.counties.includes(countyCode))) return false;
  if (p.departments && !departments.some((d) => p.departments?.includes(d))) return false;
  return true;
}

/** The departments that take part in a ticket (lead and co): a department-scoped key sees it if it is one of them. */
export function departmentsOf(t: RoutedTicketV1): string[] {
  return [t.decision.lead?.department, ...t.decision.co.map((c) => c.department)].filter(
    (d): d is string => !!d,
  );
}
