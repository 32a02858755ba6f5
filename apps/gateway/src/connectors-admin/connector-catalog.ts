import { HttpStatus } from '@nestjs/common';
import cron from 'node-cron';
import { type z } from 'zod';
import { fieldIssues } from '@minsheng/shared/contracts';
import { ConnectorDefinitions, UnknownConnectorTypeError } from '@minsheng/connector-types';
import { type ConnectorTypeDefinition, secretPaths, type SecretPath } from '@minsheng/connector-sdk';
import { ApiError, type FieldError } from '../common/api-error';

export interface CatalogEntry {
  type: ConnectorTypeDefinition;
  secrets: SecretPath[];
}

export interface TypeView {
  type: string;
  channel: string;
  configSchema: unknown;
  /** What PUT …/cursor accepts for an instance of this type. */
  cursorSchema: unknown;
  /** Dot paths of the write-only fields: sealed at rest, never returned. */
  secretFields: string[];
}

export function zodFieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return fieldIssues(error, prefix);
}

/**
 * The connector types as the operator API sees them: their definitions (schemas only, no scraper is loaded here)
 * plus which of their fields are secrets.
 */
export class ConnectorCatalog {
  private readonly registry = new ConnectorDefinitions();
  private readonly entries = new Map<string, CatalogEntry>();

  describe(): TypeView[] {
    return this.registry.describe().map((t) => ({
      ...t,
      secretFields: this.entry(t.type).secrets.map((p) => p.join('.')),
    }));
  }

  /** Every registered type's definition. */
  definitions(): ConnectorTypeDefinition[] {
    return this.registry.all();
  }

  /** 404 for a type the registry does not know. */
  entry(type: string): CatalogEntry {
    let found = this.entries.get(type);
    if (found) return found;
    try {
      const t = this.registry.get(type);
      found = { type: t, secrets: secretPaths(t.configSchema) };
    } catch (e) {
      if (e instanceof UnknownConnectorTypeError)
        throw new ApiError('unknown_connector_type', e.message, HttpStatus.NOT_FOUND);
      throw e;
    }
    this.entries.set(type, found);
    return found;
  }

  /** Per-field errors of a clear config (and a schedule, when given); empty when both are fine. */
  validate(type: string, config: unknown, schedule?: string): FieldError[] {
    const errors: FieldError[] = [];
    const parsed = this.entry(type).type.configSchema.safeParse(config);
    if (!parsed.success) errors.push(...zodFieldErrors(parsed.error, 'config'));
    if (schedule !== undefined && !cron.validate(schedule))
      errors.push({
        field: 'schedule',
        message: 'not a node-cron expression ([second] minute hour day month weekday)',
      });
    return errors;
  }

  /** A cursor an operator puts, parsed as the next pull will parse it; 400 invalid_cursor names every bad field. */
  parseCursor(type: string, cursor: unknown): Record<string, unknown> {
    const parsed = this.entry(type).type.cursorSchema.safeParse(cursor);
    if (parsed.success) return parsed.data;
    const errors = zodFieldErrors(parsed.error, 'cursor');
    throw new ApiError(
      'invalid_cursor',
      errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      HttpStatus.BAD_REQUEST,
      { errors },
    );
  }
}
