import { z } from 'zod';
import { isSealed } from '@minsheng/shared/secrets';

/** A config field that holds a secret, as the path of property names from the config's root. */
export type SecretPath = string[];

type JsonSchemaNode = {
  writeOnly?: boolean;
  properties?: Record<string, JsonSchemaNode>;
  oneOf?: JsonSchemaNode[];
  anyOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
};

/** What a stored secret looks like in every response: whether one is set, never the value. */
export const SECRET_SET = { set: true } as const;

/**
 * The secret fields of a type: those its zod schema marks `.meta({ writeOnly: true })`. Union branches are merged,
 * so http_json's auth.token and auth.value are both secret whichever auth kind a config uses.
 */
export function secretPaths(schema: z.ZodType): SecretPath[] {
  const found = new Map<string, SecretPath>();
  const walk = (node: JsonSchemaNode | undefined, at: SecretPath) => {
    if (!node || typeof node !== 'object') return;
    for (const [key, prop] of Object.entries(node.properties ?? {})) {
      if (prop.writeOnly) found.set([...at, key].join('.'), [...at, key]);
      else walk(prop, [...at, key]);
    }
    for (const branch of [...(node.oneOf ?? []), ...(node.anyOf ?? []), ...(node.allOf ?? [])])
      walk(branch, at);
  };
  walk(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode, []);
  return [...found.values()];
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** The object holding the secret's key, when the config has one there. */
function parentOf(config: unknown, path: SecretPath): Json | undefined {
  let node: unknown = config;
  for (const key of path.slice(0, -1)) node = isObject(node) ? node[key] : undefined;
  return isObject(node) ? node : undefined;
}

/** Rewrites the value at every secret path that is set (on a deep copy). */
function mapSecrets(config: Json, paths: SecretPath[], f: (value: unknown) => unknown): Json {
  const copy = structuredClone(config);
  for (const path of paths) {
    const parent = parentOf(copy, path);
    const key = path[path.length - 1];
    if (parent && parent[key] !== undefined) parent[key] = f(parent[key]);
  }
  return copy;
}

/** The string values at the secret paths (clear, in a config an operator just sent). */
export function secretValues(config: Json, paths: SecretPath[]): string[] {
  return paths.flatMap((path) => {
    const v = parentOf(config, path)?.[path[path.length - 1]];
    return typeof v === 'string' ? [v] : [];
  });
}

/** A config fit to show: every secret replaced by {set: true}. */
export function maskSecrets(config: Json, paths: SecretPath[]): Json {
  return mapSecrets(config, paths, () => SECRET_SET);
}

/**
 * Seals every secret not sealed yet (a kept one is stored as it was). A secret object (http_json's static headers
 * or body) is sealed as its JSON text; its schema reads the text back.
 */
export function sealSecrets(config: Json, paths: SecretPath[], seal: (clear: string) => string): Json {
  return mapSecrets(config, paths, (v) => {
    if (typeof v === 'string') return isSealed(v) ? v : seal(v);
    if (isObject(v) && v.set !== true) return seal(JSON.stringify(v));
    return v;
  });
}

/**
 * An update's config with the stored secrets kept where the update left them out (or sent back {set: true}, as a
 * read showed them): an operator edits a schedule or a page size without re-typing the token.
 */
export function keepStoredSecrets(next: Json, stored: Json, paths: SecretPath[]): Json {
  const copy = structuredClone(next);
  for (const path of paths) {
    const parent = parentOf(copy, path);
    const key = path[path.length - 1];
    if (!parent) continue;
    const given = parent[key];
    if (given !== undefined && !(isObject(given) && given.set === true)) continue;
    const kept = parentOf(stored, path)?.[key];
    if (kept === undefined) delete parent[key];
    else parent[key] = kept;
  }
  return copy;
}

/** The origin of a string that is an http(s) URL; undefined for anything else. */
function originOf(v: unknown): string | undefined {
  if (typeof v !== 'string' || !/^https?:\/\//i.test(v)) return undefined;
  try {
    return new URL(v).origin;
  } catch {
    return undefined;
  }
}

/** Dot paths of every http(s) URL in a config, with its origin. */
function urlOrigins(config: unknown, at = '', out = new Map<string, string>()): Map<string, string> {
  const origin = originOf(config);
  if (origin) out.set(at, origin);
  else if (Array.isArray(config)) config.forEach((v, i) => urlOrigins(v, `${at}[${i}]`, out));
  else if (isObject(config))
    for (const [k, v] of Object.entries(config)) urlOrigins(v, at ? `${at}.${k}` : k, out);
  return out;
}

/**
 * Secrets are bound to the origins they were given for (decision 022): the URL fields (dot paths) whose origin —
 * scheme, host, port — differs between the stored config and the next one, a URL field that appears counting too.
 */
export function changedOrigins(stored: Json, next: Json): string[] {
  const before = urlOrigins(stored);
  return [...urlOrigins(next)].filter(([path, origin]) => before.get(path) !== origin).map(([path]) => path);
}

/** The secret paths an update leaves to the stored value (left out or sent back as {set: true}) where one is stored. */
export function keptSecretPaths(next: Json, stored: Json, paths: SecretPath[]): SecretPath[] {
  return paths.filter((path) => {
    const key = path[path.length - 1];
    const given = parentOf(next, path)?.[key];
    const kept = parentOf(stored, path)?.[key];
    return kept !== undefined && (given === undefined || (isObject(given) && given.set === true));
  });
}
