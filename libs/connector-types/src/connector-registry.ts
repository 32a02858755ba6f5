import { z } from 'zod';
import {
  lazyConnector,
  type ConnectorType,
  type ConnectorTypeDefinition,
  type RegisteredConnector,
} from '@minsheng/connector-sdk';
import { hotline12345Definition } from './hotline-12345/hotline-12345.definition';
import { httpJsonDefinition } from './http-json/http-json.definition';
import { mayorMailboxDefinition } from './mayor-mailbox/mayor-mailbox.definition';
import { mediaHotlineDefinition } from './media-hotline/media-hotline.definition';
import { peopleLiuyanDefinition } from './people-liuyan/people-liuyan.definition';
import { publicOpinionDefinition } from './public-opinion/public-opinion.definition';

/**
 * The one list of channel types: a definition each (light: schemas only) and its implementation, imported on first
 * load so that a process that only describes and validates (the gateway) never loads a scraper.
 */
const CONNECTOR_TYPES: RegisteredConnector[] = [
  lazyConnector(
    hotline12345Definition,
    async () => (await import('./hotline-12345/hotline-12345.connector')).hotline12345Connector,
  ),
  lazyConnector(
    mayorMailboxDefinition,
    async () => (await import('./mayor-mailbox/mayor-mailbox.connector')).mayorMailboxConnector,
  ),
  lazyConnector(
    peopleLiuyanDefinition,
    async () => (await import('./people-liuyan/people-liuyan.connector')).peopleLiuyanConnector,
  ),
  lazyConnector(
    httpJsonDefinition,
    async () => (await import('./http-json/http-json.connector')).httpJsonConnector,
  ),
  lazyConnector(
    mediaHotlineDefinition,
    async () => (await import('./media-hotline/media-hotline.connector')).mediaHotlineConnector,
  ),
  lazyConnector(
    publicOpinionDefinition,
    async () => (await import('./public-opinion/public-opinion.connector')).publicOpinionConnector,
  ),
];

export class UnknownConnectorTypeError extends Error {
  readonly code = 'unknown_connector_type';
}

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

function registered(type: string): RegisteredConnector {
  const found = CONNECTOR_TYPES.find((t) => t.definition.type === type);
  if (!found) throw new UnknownConnectorTypeError(`no connector type ${JSON.stringify(type)}`);
  return found;
}

/** The channel types as definitions only: what the gateway lists, validates and masks. */
export class ConnectorDefinitions {
  get(type: string): ConnectorTypeDefinition {
    return registered(type).definition;
  }

  all(): ConnectorTypeDefinition[] {
    return CONNECTOR_TYPES.map((t) => t.definition);
  }

  /** Types with their config and cursor JSON Schemas, for the operator API. */
  describe(): { type: string; channel: string; configSchema: unknown; cursorSchema: unknown }[] {
    return this.all().map((t) => ({
      type: t.type,
      channel: t.channel,
      configSchema: jsonSchema(t.configSchema),
      cursorSchema: jsonSchema(t.cursorSchema),
    }));
  }
}

/** One type's implementation, loaded on first use (a process that checks a config now and then). */
export function loadConnectorType(type: string): Promise<ConnectorType> {
  return registered(type).load();
}

/**
 * The channel types with their implementations, every one loaded up front (the connectors process, at start-up),
 * so that `get` stays synchronous where a pull asks for its type.
 */
export class ConnectorRegistry {
  private constructor(private readonly byType: ReadonlyMap<string, ConnectorType>) {}

  static async load(): Promise<ConnectorRegistry> {
    const loaded = await Promise.all(CONNECTOR_TYPES.map((t) => t.load()));
    return new ConnectorRegistry(new Map(loaded.map((t) => [t.type, t])));
  }

  get(type: string): ConnectorType {
    const found = this.byType.get(type);
    if (!found) throw new UnknownConnectorTypeError(`no connector type ${JSON.stringify(type)}`);
    return found;
  }
}
