import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { type K8sObject } from './kustomize';

export interface ModelResult {
  kind: string;
  name: string;
  error: string | null;
}

/** Schema validation of each object by its model (see validate-models.mjs for why a child process). */
export function validateModels(objects: K8sObject[]): ModelResult[] {
  const out = execFileSync(process.execPath, [join(__dirname, 'validate-models.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
  });
  return JSON.parse(out) as ModelResult[];
}
