import { issueLines } from '@minsheng/shared/contracts';
import { type ConnectorDefinition, type Cursor } from './connector-type';
import { ConnectorError } from './http/connector-error';

type CursorOwner<K extends Cursor> = Pick<ConnectorDefinition<unknown, K>, 'type' | 'cursorSchema'>;

/**
 * A stored cursor as the type's pull sees it: null when there is none, else parsed with the type's cursorSchema.
 * A stored cursor that does not parse fails the run (malformed) instead of starting over: starting over silently
 * could re-read a whole history or, for a type that starts a new instance at the newest page, skip an unread range.
 * Only the type itself and `PUT …/cursor` (validated with the same schema) write cursors, so this means a bug or a
 * hand edit of the table; the operator stops the instance and puts a corrected cursor, or deletes it to start over.
 */
export function readCursor<K extends Cursor>(owner: CursorOwner<K>, stored: unknown): K | null {
  if (stored === null || stored === undefined) return null;
  const parsed = owner.cursorSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  throw new ConnectorError(
    'malformed',
    `the stored cursor does not fit the ${owner.type} cursor schema (${issueLines(parsed.error, '(cursor)').join('; ')}); ` +
      'stop the instance, then PUT a corrected cursor or DELETE it to start over',
  );
}

/** A cursor a pull is about to commit must parse when the next run reads it back: otherwise the type has a bug. */
export function checkedCursor<K extends Cursor>(owner: CursorOwner<K>, cursor: K): K {
  const parsed = owner.cursorSchema.safeParse(cursor);
  if (parsed.success) return cursor;
  throw new ConnectorError(
    'malformed',
    `${owner.type} produced a cursor its own cursor schema rejects (${issueLines(parsed.error, '(cursor)').join('; ')})`,
  );
}
