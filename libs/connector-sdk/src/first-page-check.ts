import { type CheckResult, type PulledPage } from './connector-type';
import { ConnectorError, type ConnectorErrorKind } from './http/connector-error';

/**
 * The default check: the first page of the type's own pull from a fresh start, every record counted and every one
 * that does not parse reported as `records[i]`; a failure to fetch that page is reported against the config field
 * `fieldOf` names. Nothing is stored: the rest of the pull is abandoned.
 */
export async function checkFirstPage(
  pages: AsyncIterable<PulledPage>,
  fieldOf: (error: unknown) => string | undefined = () => undefined,
): Promise<CheckResult> {
  const it = pages[Symbol.asyncIterator]();
  try {
    const first = await it.next();
    const records = first.done ? [] : first.value.records;
    const errors = records.flatMap((r, i) =>
      r.parseError === undefined ? [] : [{ field: `records[${i}]`, message: r.parseError }],
    );
    return { ok: errors.length === 0, sample: records.length, errors };
  } catch (e) {
    return { ok: false, sample: 0, errors: [{ field: fieldOf(e), message: (e as Error).message }] };
  } finally {
    await it.return?.();
  }
}

/** `fieldOf` from a table of error kinds; an error that is no ConnectorError counts as temporary (unreachable). */
export function fieldByKind(
  fields: Partial<Record<ConnectorErrorKind, string>>,
): (error: unknown) => string | undefined {
  return (e) => fields[e instanceof ConnectorError ? e.kind : 'temporary'];
}
