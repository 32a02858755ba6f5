import { checkedCursor, readCursor } from './cursor';
import {
  type Connector,
  type ConnectorContext,
  type ConnectorDefinition,
  type ConnectorImplementation,
  type ConnectorType,
  type ConnectorTypeDefinition,
  type Cursor,
  type PulledPage,
} from './connector-type';
import { checkFirstPage } from './first-page-check';

/** A type's definition, with its config and cursor types inferred from the schemas. */
export function defineConnector<C, K extends Cursor>(
  definition: ConnectorDefinition<C, K>,
): ConnectorDefinition<C, K> {
  return definition;
}

/** A type's definition with its implementation: cursors parsed at the edge, the default check unless overridden. */
export function implementConnector<C, K extends Cursor>(
  definition: ConnectorDefinition<C, K>,
  impl: ConnectorImplementation<C, K>,
): Connector<C, K> {
  async function* pull(config: C, stored: unknown, ctx: ConnectorContext): AsyncIterable<PulledPage> {
    for await (const page of impl.pull(config, readCursor(definition, stored), ctx))
      yield { records: page.records, cursor: checkedCursor(definition, page.cursor) };
  }
  const check =
    impl.check ??
    ((config: C, ctx: ConnectorContext) =>
      checkFirstPage(pull(impl.sampleConfig?.(config) ?? config, null, ctx), (e) =>
        impl.fieldOf?.(e, config),
      ));
  return { ...definition, definition, check, pull };
}

/** The definition as the registry lists it: the config type hidden behind its schema. */
export function eraseDefinition<C, K extends Cursor>(d: ConnectorDefinition<C, K>): ConnectorTypeDefinition {
  const { channelOf } = d;
  return {
    type: d.type,
    channel: d.channel,
    parserVersion: d.parserVersion,
    configSchema: d.configSchema,
    cursorSchema: d.cursorSchema,
    channelOf: channelOf && ((config) => channelOf(d.configSchema.parse(config))),
  };
}

/** The connector as the registry hands it out: every config is parsed with the type's schema on the way in. */
export function eraseConnector<C, K extends Cursor>(c: Connector<C, K>): ConnectorType {
  const parse = (config: unknown) => c.configSchema.parse(config);
  return {
    ...eraseDefinition(c.definition),
    check: (config, ctx) => c.check(parse(config), ctx),
    pull: (config, cursor, ctx) => c.pull(parse(config), cursor, ctx),
  };
}

/** One registry entry: a definition now, its implementation on first load (a dynamic import of the heavy half). */
export interface RegisteredConnector {
  readonly definition: ConnectorTypeDefinition;
  load(): Promise<ConnectorType>;
}

export function lazyConnector<C, K extends Cursor>(
  definition: ConnectorDefinition<C, K>,
  load: () => Promise<Connector<C, K>>,
): RegisteredConnector {
  let loaded: Promise<ConnectorType> | undefined;
  return {
    definition: eraseDefinition(definition),
    load: () =>
      (loaded ??= load().then((c) => {
        if (c.definition !== definition)
          throw new Error(
            `the implementation registered for ${definition.type} is built on another definition`,
          );
        return eraseConnector(c);
      })),
  };
}
