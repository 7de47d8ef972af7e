/**
 * Compares test/infra/kustomize.ts (what the tests render with) with the real
 * `kubectl kustomize` for every overlay, on a machine that has kubectl. Run it after changing
 * the overlays or the renderer: `node scripts/check-kustomize.ts`.
 */
import { execFileSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseYaml, renderKustomization, type K8sObject } from '../test/infra/kustomize.ts';

const root = resolve(import.meta.dirname, '../infra/k8s');
const key = (o: K8sObject) => `${o.apiVersion}/${o.kind}/${o.metadata.name}`;
const byKey = (list: K8sObject[]) => new Map(list.map((o) => [key(o), o]));
let failed = false;
for (const dir of ['base', ...readdirSync(join(root, 'overlays')).map((o) => join('overlays', o))]) {
  const ours = byKey(renderKustomization(join(root, dir)));
  const theirs = byKey(parseYaml(execFileSync('kubectl', ['kustomize', join(root, dir)], { encoding: 'utf8' })));
  const differ = [...new Set([...ours.keys(), ...theirs.keys()])].filter((k) => !isDeepStrictEqual(ours.get(k), theirs.get(k)));
  console.log(`${differ.length ? '✗' : '✓'} ${dir}: ${theirs.size} objects${differ.length ? `, differ: ${differ.join(', ')}` : ''}`);
  failed ||= differ.length > 0;
}
process.exit(failed ? 1 : 0);
