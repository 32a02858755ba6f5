import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { REPO } from './paths';

/** The hand-written GeoReport v2 schemas of docs/open311, compiled once; `check` names every violation. */
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);

function load(name: string): ValidateFunction {
  return ajv.compile(JSON.parse(readFileSync(join(REPO, 'docs', 'open311', name), 'utf8')) as object);
}

export const GEOREPORT = {
  services: load('services.schema.json'),
  requests: load('requests.schema.json'),
  error: load('error.schema.json'),
};

export function schemaErrors(validate: ValidateFunction, body: unknown): string[] {
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`);
}
