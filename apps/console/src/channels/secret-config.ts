type Config = Record<string, unknown>;

const isBlank = (v: unknown): boolean => v === undefined || v === null || v === '';

const isObject = (v: unknown): v is Config => !!v && typeof v === 'object' && !Array.isArray(v);

/** The object holding the last key of a dot path, when the config has one there. */
function parentOf(config: unknown, path: string): { parent?: Config; key: string } {
  const keys = path.split('.');
  let node: unknown = config;
  for (const key of keys.slice(0, -1)) node = isObject(node) ? node[key] : undefined;
  return { parent: isObject(node) ? node : undefined, key: keys[keys.length - 1] };
}

const valueAt = (config: unknown, path: string): unknown => {
  const { parent, key } = parentOf(config, path);
  return parent?.[key];
};

/** Secret fields come back as {"set": true}: shown as 已设置, never a value. */
export function shownSecret(_: string, v: unknown): unknown {
  return isObject(v) && 'set' in v && Object.keys(v).length === 1 ? '已设置' : v;
}

/** The type's secret fields (dot paths) the instance has a value stored for. */
export function storedSecrets(config: Config, secretFields: string[]): string[] {
  return secretFields.filter((path) => valueAt(config, path) !== undefined);
}

/** A copy of the config without the secrets at `paths` whose value `drop` selects (all of them by default). */
function withoutAt(config: Config, paths: string[], drop: (v: unknown) => boolean = () => true): Config {
  const copy = structuredClone(config);
  for (const path of paths) {
    const { parent, key } = parentOf(copy, path);
    if (parent && drop(parent[key])) delete parent[key];
  }
  return copy;
}

/**
 * The stored config as the edit form starts from: the secrets taken out, so that an input never holds even their
 * {"set": true} mask and a save that leaves them blank sends nothing for them.
 */
export const withoutSecrets = (config: Config, secretFields: string[]): Config =>
  withoutAt(config, secretFields);

/** A secret input left blank is left out: the API keeps the stored secret for a secret it is not sent. */
export const dropBlankSecrets = (config: Config, secretFields: string[]): Config =>
  withoutAt(config, secretFields, isBlank);

/** The stored secrets among `paths` whose input the operator left blank. */
export function blankSecrets(config: Config, paths: string[]): string[] {
  return paths.filter((path) => isBlank(valueAt(config, path)));
}
