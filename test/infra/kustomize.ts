/**
 * Renders infra/k8s overlays the way `kubectl kustomize` does, for the subset of Kustomize the
 * overlays use: `resources` (files and directories), `patches` (strategic merge, inline or by
 * path), `images` and `namespace`. The kubectl binary is not something CI can install, so the
 * tests render with this instead; any other field fails loudly rather than being ignored, and
 * `node scripts/check-kustomize.ts` compares the output with the real kubectl where there is one.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  [k: string]: unknown;
};

interface Kustomization {
  resources?: string[];
  namespace?: string;
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  patches?: { path?: string; patch?: string; [k: string]: unknown }[];
}

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'patches']);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass', 'PriorityClass']);
/** Kinds Kustomize knows the schema of: lists of named items merge by name, others replace. */
const BUILT_IN = /^(v1|apps\/v1|batch\/v1|policy\/v1|autoscaling\/v2|networking\.k8s\.io\/v1|rbac\.authorization\.k8s\.io\/v1)$/;

export const parseYaml = (text: string): any[] =>
  parseAllDocuments(text).map((d) => {
    if (d.errors.length) throw new Error(d.errors.map((e) => e.message).join('; '));
    return d.toJS();
  }).filter((d) => d != null);

export function renderKustomization(dir: string): K8sObject[] {
  const [k] = parseYaml(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization[];
  for (const field of Object.keys(k ?? {})) {
    if (!SUPPORTED.has(field)) throw new Error(`${dir}: Kustomization field "${field}" is not supported by test/infra/kustomize.ts`);
  }
  let objects: K8sObject[] = [];
  for (const r of k!.resources ?? []) {
    const path = join(dir, r);
    objects.push(...(statSync(path).isDirectory() ? renderKustomization(path) : parseYaml(readFileSync(path, 'utf8'))));
  }
  for (const p of k!.patches ?? []) {
    const extra = Object.keys(p).filter((f) => f !== 'path' && f !== 'patch');
    if (extra.length) throw new Error(`${dir}: patch fields ${extra.join(', ')} are not supported by test/infra/kustomize.ts`);
    const docs = parseYaml(p.patch ?? readFileSync(join(dir, p.path!), 'utf8')) as K8sObject[];
    for (const patch of docs) objects = objects.map((o) => (sameObject(o, patch) ? merge(o, patch, BUILT_IN.test(o.apiVersion)) : o));
    for (const patch of docs) {
      if (!objects.some((o) => sameObject(o, patch))) throw new Error(`${dir}: patch for ${patch.kind}/${patch.metadata.name} matches nothing`);
    }
  }
  for (const image of k!.images ?? []) objects = objects.map((o) => setImage(o, image));
  if (k!.namespace) {
    objects = objects.map((o) => (CLUSTER_SCOPED.has(o.kind) ? o : { ...o, metadata: { ...o.metadata, namespace: k!.namespace } }));
  }
  return objects;
}

const sameObject = (o: K8sObject, p: K8sObject) => o.apiVersion === p.apiVersion && o.kind === p.kind && o.metadata.name === p.metadata.name;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const named = (list: unknown[]) => list.every((i) => isMap(i) && typeof i.name === 'string');

/** Strategic merge for built-in kinds (named list items merge by name), JSON merge patch otherwise. */
function merge(target: any, patch: any, builtIn: boolean): any {
  if (Array.isArray(target) && Array.isArray(patch) && builtIn && named(target) && named(patch)) {
    const out = target.map((t) => {
      const p = patch.find((i) => i.name === t.name);
      return p ? merge(t, p, builtIn) : t;
    });
    return [...out, ...patch.filter((p) => !target.some((t) => t.name === p.name))];
  }
  if (!isMap(target) || !isMap(patch)) return patch;
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) throw new Error(`patch directive ${key} is not supported by test/infra/kustomize.ts`);
    if (value === null) delete out[key];
    else out[key] = key in target ? merge(target[key], value, builtIn) : value;
  }
  return out;
}

/** Kustomize's `images`: rewrites `image:` of every container whose image has that name. */
function setImage(o: any, img: { name: string; newName?: string; newTag?: string; digest?: string }): any {
  if (Array.isArray(o)) return o.map((v) => setImage(v, img));
  if (!isMap(o)) return o;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(o)) {
    if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) {
      out[key] = value.map((c: { image?: string }) => {
        const m = c.image ? /^([^@]+?)(?::([^:@/]+))?(?:@(.+))?$/.exec(c.image) : null;
        if (!m || m[1] !== img.name) return c;
        const ref = img.digest ? `@${img.digest}` : img.newTag ? `:${img.newTag}` : m[2] ? `:${m[2]}` : m[3] ? `@${m[3]}` : '';
        return { ...c, image: `${img.newName ?? m[1]}${ref}` };
      });
    } else {
      out[key] = setImage(value, img);
    }
  }
  return out;
}
