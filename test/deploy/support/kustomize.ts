import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/** A Kubernetes object as rendered: only the fields every test reads are typed. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  resources?: string[];
  namespace?: string;
  images?: { name: string; newName?: string; newTag?: string }[];
  patches?: { target: { kind?: string; name?: string }; patch: string }[];
}

interface PatchOp {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

/**
 * The subset of kustomize our manifests use — resources (files and directories), namespace, images and inline
 * JSON 6902 patches selected by kind and name — so the tests render overlays without a kustomize binary. Any other
 * key is refused rather than ignored, so what is tested cannot silently differ from what `kubectl apply -k`
 * applies (kubectl kustomize renders the same objects: checked when these files were written).
 */
const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'patches']);

export function readYamlObjects(file: string): K8sObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

export function kustomize(dir: string): K8sObject[] {
  const file = join(dir, 'kustomization.yaml');
  const k = parse(readFileSync(file, 'utf8')) as Kustomization;
  const unsupported = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length)
    throw new Error(`${file}: unsupported kustomization keys ${unsupported.join(', ')}`);

  let objects = (k.resources ?? []).flatMap((r) => {
    const path = resolve(dir, r);
    return statSync(path).isDirectory() ? kustomize(path) : readYamlObjects(path);
  });
  for (const p of k.patches ?? []) {
    const ops = parse(p.patch) as PatchOp[];
    if (!Array.isArray(ops)) throw new Error(`${file}: only JSON 6902 patches are supported`);
    const targets = objects.filter(
      (o) =>
        (!p.target.kind || o.kind === p.target.kind) && (!p.target.name || o.metadata.name === p.target.name),
    );
    if (!targets.length) throw new Error(`${file}: patch target ${JSON.stringify(p.target)} matches nothing`);
    objects = objects.map((o) => (targets.includes(o) ? applyPatch(o, ops) : o));
  }
  if (k.images) objects = objects.map((o) => setImages(o, k.images!));
  if (k.namespace) {
    objects = objects.map((o) => ({ ...o, metadata: { ...o.metadata, namespace: k.namespace } }));
  }
  return objects;
}

function pointer(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function applyPatch<T>(doc: T, ops: PatchOp[]): T {
  const out = structuredClone(doc) as unknown;
  for (const { op, path, value } of ops) {
    const keys = pointer(path);
    const last = keys.pop()!;
    let parent = out as Record<string, unknown> | unknown[];
    for (const key of keys) {
      const next = (parent as Record<string, unknown>)[key];
      if (next === undefined || next === null || typeof next !== 'object') throw new Error(`no ${path}`);
      parent = next as Record<string, unknown>;
    }
    if (Array.isArray(parent)) {
      const i = last === '-' ? parent.length : Number(last);
      if (op === 'add') parent.splice(i, 0, value);
      else if (i >= parent.length) throw new Error(`no ${path}`);
      else if (op === 'replace') parent[i] = value;
      else parent.splice(i, 1);
    } else {
      if (op !== 'add' && !(last in parent)) throw new Error(`no ${path}`);
      if (op === 'remove') delete parent[last];
      else parent[last] = value;
    }
  }
  return out as T;
}

/** Like kustomize's image transformer: every container and init container whose image is `name` (any tag). */
function setImages(o: K8sObject, images: NonNullable<Kustomization['images']>): K8sObject {
  const copy = structuredClone(o);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const rec = node as Record<string, unknown>;
    for (const key of ['containers', 'initContainers']) {
      for (const c of (rec[key] as { image?: string }[] | undefined) ?? []) {
        const image = c.image ?? '';
        const colon = image.lastIndexOf(':') > image.lastIndexOf('/') ? image.lastIndexOf(':') : -1;
        const name = colon < 0 ? image : image.slice(0, colon);
        const tag = tagOf(image, colon);
        const rule = images.find((i) => i.name === name);
        if (rule) c.image = `${rule.newName ?? name}${rule.newTag ? `:${rule.newTag}` : tag}`;
      }
    }
    Object.values(rec).forEach(visit);
  };
  visit(copy);
  return copy;
}

function tagOf(image: string, colon: number): string {
  return colon < 0 ? '' : image.slice(colon);
}

/** Every YAML file in a folder tree (for files outside any kustomization, like secrets.example.yaml). */
export function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
  );
}
