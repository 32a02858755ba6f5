import { z } from 'zod';
import { hotline12345Connector } from './hotline-12345/hotline-12345.connector';
import { httpJsonConnector } from './http-json/http-json.connector';
import { mayorMailboxConnector } from './mayor-mailbox/mayor-mailbox.connector';
import { mediaHotlineConnector } from './media-hotline/media-hotline.connector';
import { peopleLiuyanConnector } from './people-liuyan/people-liuyan.connector';
import { publicOpinionConnector } from './public-opinion/public-opinion.connector';
import { type ConnectorType } from '@minsheng/connector-sdk';

/** The one list of channel types. */
const CONNECTOR_TYPES: ConnectorType<never>[] = [
  hotline12345Connector as ConnectorType<never>,
  mayorMailboxConnector as ConnectorType<never>,
  peopleLiuyanConnector as ConnectorType<never>,
  httpJsonConnector as ConnectorType<never>,
  mediaHotlineConnector as ConnectorType<never>,
  publicOpinionConnector as ConnectorType<never>,
];

export class UnknownConnectorTypeError extends Error {
  readonly code = 'unknown_connector_type';
}

export class ConnectorRegistry {
  private readonly byType = new Map(CONNECTOR_TYPES.map((t) => [t.type, t as ConnectorType<unknown>]));

  get(type: string): ConnectorType<unknown> {
    const found = this.byType.get(type);
    if (!found) throw new UnknownConnectorTypeError(`no connector type ${JSON.stringify(type)}`);
    return found;
  }

  /** Types with their config JSON Schemas, for the operator API. */
  describe(): { type: string; channel: string; configSchema: unknown }[] {
    return [...this.byType.values()].map((t) => ({
      type: t.type,
      channel: t.channel,
      configSchema: z.toJSONSchema(t.configSchema, { io: 'input', unrepresentable: 'any' }),
    }));
  }
}
