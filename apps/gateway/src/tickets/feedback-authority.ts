import { HttpStatus } from '@nestjs/common';
import { type RoutedTicketV1 } from '@minsheng/shared/contracts';
import { actorOf, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';

type Unit = NonNullable<RoutedTicketV1['decision']['lead']>;

/** The units that handle a ticket: the lead first, then the co-handling units. */
function unitsOf(t: RoutedTicketV1): Unit[] {
  return [t.decision.lead, ...t.decision.co].filter((u): u is Unit => !!u);
}

/**
 * Whether a consumer key speaks for a unit (docs/decisions/024-feedback-authority.md): a key bound to departments
 * only for those departments; a key bound to counties (not the whole city) only for the county and town units of its
 * county — a city-level unit answers to the city platform, never to a county's key.
 */
export function representsUnit(caller: Principal, unit: Unit): boolean {
  if (caller.departments && !caller.departments.includes(unit.department)) return false;
  if (caller.counties && unit.level === 'city') return false;
  return true;
}

/**
 * The department a feedback answers as: the one given, or else the lead when the key represents it, or else the
 * only unit it represents. 403 when the key does not represent the department it names; 400 when the department
 * does not take part in the ticket or the choice is ambiguous.
 */
export function answeringDepartment(
  ticket: RoutedTicketV1,
  caller: Principal,
  given: string | undefined,
): string {
  const units = unitsOf(ticket);
  const mine = units.filter((u) => representsUnit(caller, u));
  if (given !== undefined) {
    if (caller.departments && !caller.departments.includes(given))
      throw new ApiError(
        'forbidden',
        `this key answers only as ${caller.departments.join(', ')}, not as ${given}`,
        HttpStatus.FORBIDDEN,
      );
    const named = units.filter((u) => u.department === given);
    if (!named.length)
      throw new ApiError(
        'invalid_request',
        `department: ${given} does not take part in this ticket (${units.map((u) => u.department).join(', ')})`,
        HttpStatus.BAD_REQUEST,
      );
    if (!named.some((u) => representsUnit(caller, u)))
      throw new ApiError(
        'not_your_unit',
        `this key is bound to counties ${caller.counties?.join(', ')}: it does not answer for the city-level unit ${named[0].unitName}`,
        HttpStatus.FORBIDDEN,
      );
    return given;
  }
  const lead = ticket.decision.lead;
  if (lead && mine.includes(lead)) return lead.department;
  const departments = [...new Set(mine.map((u) => u.department))];
  if (departments.length === 1) return departments[0];
  if (!departments.length && units.length)
    throw new ApiError(
      'not_your_unit',
      'this key represents none of the units handling this ticket',
      HttpStatus.FORBIDDEN,
    );
  throw new ApiError(
    'invalid_request',
    `department: say which department answers (${departments.join(', ') || 'none of the ticket'})`,
    HttpStatus.BAD_REQUEST,
  );
}

/**
 * The feedback actor as this caller may see it: its own events name its key; another key's events name only the
 * role that made them (a unit's answer, the city platform's dispatch) — key names are the platform's business.
 */
export function visibleActor(caller: Principal, actor: string, kind: string, department: string): string {
  if (caller.role !== 'consumer' || actor === actorOf(caller)) return actor;
  if (kind === 'rated') return 'platform:follow-up';
  return kind === 'dispatched' ? 'city-platform:dispatcher' : `unit:${department}`;
}
