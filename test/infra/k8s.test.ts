/**
 * infra/k8s, rendered like `kubectl kustomize` and checked offline: built-in kinds against the
 * Kubernetes models, CloudNativePG resources against the vendored CRDs, and what neither
 * schema knows: labels that select, references that resolve, probes, security settings, the
 * API's configuration variables, and what the network policies let through.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { CONFIG_VARIABLES } from '@pilot/api/config.ts';
import * as coreV1 from 'kubernetes-models/v1';
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as batchV1 from 'kubernetes-models/batch/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as autoscalingV2 from 'kubernetes-models/autoscaling/v2';
import * as networkingV1 from 'kubernetes-models/networking.k8s.io/v1';
import { parseYaml, renderKustomization, type K8sObject } from './kustomize.ts';

type Models = Record<string, unknown>;
const MODELS: Record<string, Models> = {
  v1: coreV1, 'apps/v1': appsV1, 'batch/v1': batchV1, 'policy/v1': policyV1,
  'autoscaling/v2': autoscalingV2, 'networking.k8s.io/v1': networkingV1,
};

const root = resolve(import.meta.dirname, '../..');
const k8s = join(root, 'infra/k8s');
const overlays = readdirSync(join(k8s, 'overlays')).map((o) => join('overlays', o));
const rendered = Object.fromEntries(['base', ...overlays].map((dir) => [dir, renderKustomization(join(k8s, dir))]));

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const crdSchema = (file: string) => {
  const [crd] = parseYaml(readFileSync(join(root, 'infra/schemas', file), 'utf8'));
  return crd.spec.versions.find((v: { name: string }) => v.name === 'v1').schema.openAPIV3Schema;
};
const clusterSchema = crdSchema('postgresql.cnpg.io_clusters.yaml');
const customSchemas: Record<string, object> = {
  'postgresql.cnpg.io/v1/Cluster': clusterSchema,
  'postgresql.cnpg.io/v1/ScheduledBackup': crdSchema('postgresql.cnpg.io_scheduledbackups.yaml'),
  // The Barman Cloud plugin's ObjectStore: its configuration is the Cluster's barmanObjectStore.
  'barmancloud.cnpg.io/v1/ObjectStore': {
    type: 'object',
    required: ['spec'],
    properties: {
      spec: {
        type: 'object',
        required: ['configuration'],
        additionalProperties: false,
        properties: {
          configuration: clusterSchema.properties.spec.properties.backup.properties.barmanObjectStore,
          retentionPolicy: { type: 'string', pattern: '^[1-9][0-9]*[dwm]$' },
          instanceSidecarConfiguration: { type: 'object' },
        },
      },
    },
  },
};

function schemaErrors(o: K8sObject): string[] {
  const custom = customSchemas[`${o.apiVersion}/${o.kind}`];
  if (custom) {
    const validate = ajv.compile(custom);
    return validate(o) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  }
  const Model = MODELS[o.apiVersion]?.[o.kind] as (new (d: unknown) => { validate(): void }) | undefined;
  if (!Model) return [`no model for ${o.apiVersion} ${o.kind}`];
  try {
    new Model(o).validate();
    return [];
  } catch (err) {
    return [(err as Error).message];
  }
}

const of = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const matches = (selector: Record<string, string> = {}, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);
const podTemplates = (objects: K8sObject[]) =>
  [...of(objects, 'Deployment'), ...of(objects, 'Job')].map((o) => ({ owner: o, pod: o.spec.template }));

/** Secrets the operators create before the first apply (docs/operations.md), or CloudNativePG does. */
const EXTERNAL_SECRETS = new Set(['pilot-secrets', 'pilot-db-app-user', 'pilot-backup-s3', 'pilot-tls', 'pilot-db-app', 'pilot-db-ca']);
/** Variables the manifests set that the server does not read itself: parts of a URL, or the web app's. */
const HELPER_VARIABLES = new Set(['APP_DB_PASSWORD', 'OWNER_DB_PASSWORD']);
const WEB_VARIABLES = new Set(['API_INTERNAL_URL']);

describe.each(Object.entries(rendered))('infra/k8s/%s', (dir, objects) => {
  it('is valid against the Kubernetes models and the CloudNativePG CRDs', () => {
    expect(objects.length).toBeGreaterThan(10);
    for (const o of objects) expect(schemaErrors(o), `${o.kind}/${o.metadata.name}`).toEqual([]);
  });

  it('has a database with replicas, continuous backups, a schedule, and the API role without RLS bypass', () => {
    const cluster = named(objects, 'Cluster', 'pilot-db')!;
    expect(cluster.spec.instances).toBeGreaterThanOrEqual(2);
    expect(cluster.spec.imageName).toMatch(/postgresql:18[.\d]*-/);
    expect(cluster.spec.plugins).toContainEqual(expect.objectContaining({ isWALArchiver: true, parameters: { barmanObjectName: 'pilot-backups' } }));
    expect(named(objects, 'ObjectStore', 'pilot-backups')!.spec.configuration.destinationPath).toMatch(/^s3:\/\//);
    const backup = of(objects, 'ScheduledBackup')[0]!;
    expect(backup.spec).toMatchObject({ cluster: { name: 'pilot-db' }, method: 'plugin' });
    expect(cluster.spec.managed.roles).toContainEqual(expect.objectContaining({ name: 'app_user', superuser: false, bypassrls: false, login: true }));
  });

  it('runs every container unprivileged, read-only, with resources, on a pinned image', () => {
    for (const { owner, pod } of podTemplates(objects)) {
      expect(pod.spec.securityContext, owner.metadata.name).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.spec.automountServiceAccountToken).toBe(false);
      for (const c of pod.spec.containers) {
        expect(c.securityContext, c.name).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
        expect(c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.memory, c.name).toBeTruthy();
        if (dir !== 'base') expect(c.image, c.name).toMatch(/^[\w.\-/]+:(?!latest$)[\w.-]+$/);
      }
    }
  });

  it('probes the API on /api/ready and /api/health, the web app and the worker on their own endpoints', () => {
    const api = named(objects, 'Deployment', 'pilot-api')!.spec.template.spec.containers[0];
    expect(api.readinessProbe.httpGet.path).toBe('/api/ready');
    expect(api.livenessProbe.httpGet.path).toBe('/api/health');
    const web = named(objects, 'Deployment', 'pilot-web')!.spec.template.spec.containers[0];
    expect(web.readinessProbe.httpGet.path).toBe('/healthz');
    const worker = named(objects, 'Deployment', 'pilot-worker')!.spec.template.spec.containers[0];
    // The production overlay gives the worker a larger V8 heap for the national report refresh.
    const heap = dir.endsWith('production') ? ['--max-old-space-size=4096'] : [];
    expect(worker.command).toEqual(['node', ...heap, 'apps/api/src/worker.ts']);
    expect(worker.livenessProbe.httpGet).toEqual({ path: '/health', port: 'metrics' });
    const migrate = named(objects, 'Job', 'pilot-migrate')!.spec.template.spec.containers[0];
    expect(migrate.command).toEqual(['node', 'apps/api/src/cli/migrate.ts']);
  });

  it('connects selectors, services, autoscalers, budgets and the ingress to what exists', () => {
    for (const d of of(objects, 'Deployment')) expect(matches(d.spec.selector.matchLabels, d.spec.template.metadata.labels), d.metadata.name).toBe(true);
    const pods = podTemplates(objects).map((p) => p.pod.metadata.labels);
    for (const s of of(objects, 'Service')) {
      expect(pods.some((labels) => matches(s.spec.selector, labels)), s.metadata.name).toBe(true);
    }
    for (const h of of(objects, 'HorizontalPodAutoscaler')) {
      const target = named(objects, h.spec.scaleTargetRef.kind, h.spec.scaleTargetRef.name);
      expect(target, h.metadata.name).toBeDefined();
      expect(h.spec.minReplicas).toBeGreaterThanOrEqual(2);
    }
    for (const b of of(objects, 'PodDisruptionBudget')) {
      expect(of(objects, 'Deployment').some((d) => matches(b.spec.selector.matchLabels, d.spec.template.metadata.labels)), b.metadata.name).toBe(true);
    }
    for (const ingress of of(objects, 'Ingress')) {
      for (const path of ingress.spec.rules.flatMap((r: any) => r.http.paths)) {
        const service = named(objects, 'Service', path.backend.service.name);
        expect(service?.spec.ports.map((p: { name: string }) => p.name), path.path).toContain(path.backend.service.port.name);
      }
      expect(ingress.spec.rules.flatMap((r: any) => r.http.paths.map((p: any) => `${p.path}→${p.backend.service.name}`)))
        .toEqual(['/api→pilot-api', '/→pilot-web']);
    }
  });

  it('sets only variables the server reads, from config maps and secrets that exist', () => {
    const configMaps = new Set(of(objects, 'ConfigMap').map((c) => c.metadata.name));
    for (const name of Object.keys(named(objects, 'ConfigMap', 'pilot-config')!.data!)) expect(CONFIG_VARIABLES, name).toContain(name);
    for (const { owner, pod } of podTemplates(objects)) {
      const web = owner.metadata.labels?.['app.kubernetes.io/component'] === 'web';
      for (const c of pod.spec.containers) {
        for (const e of c.env ?? []) {
          const known = web ? WEB_VARIABLES.has(e.name) : CONFIG_VARIABLES.includes(e.name) || HELPER_VARIABLES.has(e.name);
          expect(known, `${owner.metadata.name}: ${e.name}`).toBe(true);
          if (e.valueFrom?.secretKeyRef) expect(EXTERNAL_SECRETS, e.name).toContain(e.valueFrom.secretKeyRef.name);
        }
        for (const from of c.envFrom ?? []) {
          if (from.configMapRef) expect(configMaps).toContain(from.configMapRef.name);
          if (from.secretRef) expect(EXTERNAL_SECRETS).toContain(from.secretRef.name);
        }
        // The web tier holds no secrets at all.
        if (web) expect(JSON.stringify(c)).not.toMatch(/secret/i);
      }
      for (const v of pod.spec.volumes ?? []) if (v.secret) expect(EXTERNAL_SECRETS).toContain(v.secret.secretName);
    }
  });

  it('talks to PostgreSQL over verified TLS, the API as app_user, migrations as the owner', () => {
    const env = (name: string, component: string) => podTemplates(objects)
      .find((p) => p.pod.metadata.labels['app.kubernetes.io/component'] === component)!
      .pod.spec.containers[0].env.find((e: { name: string }) => e.name === name)?.value as string;
    for (const component of ['api', 'worker']) {
      expect(env('DATABASE_URL', component)).toMatch(/^postgresql:\/\/app_user:\$\(APP_DB_PASSWORD\)@pilot-db-rw:5432\/pilot\?sslmode=verify-full&sslrootcert=/);
    }
    expect(env('DATABASE_REPLICA_URLS', 'api')).toContain('@pilot-db-ro:5432/pilot?sslmode=verify-full');
    expect(env('JOBS', 'api')).toBe('false');
    expect(env('DATABASE_OWNER_URL', 'migrate')).toMatch(/^postgresql:\/\/pilot:\$\(OWNER_DB_PASSWORD\)@pilot-db-rw:5432\/pilot\?sslmode=verify-full/);
  });

  describe('network policies', () => {
    const ns = objects.find((o) => o.kind === 'Deployment')!.metadata.namespace ?? 'default';
    const policies = of(objects, 'NetworkPolicy');
    type Endpoint = { namespace: string; labels: Record<string, string> } | 'outside';
    // The labels the pods really carry, so a policy selecting a broader label is caught.
    const pod = (component: string): Endpoint => ({
      namespace: ns,
      labels: podTemplates(objects).find((p) => p.pod.metadata.labels['app.kubernetes.io/component'] === component)!.pod.metadata.labels,
    });
    const db: Endpoint = { namespace: ns, labels: { 'cnpg.io/cluster': 'pilot-db' } };
    const from = (namespace: string, labels: Record<string, string> = {}): Endpoint => ({ namespace, labels });
    const dns = from('kube-system', { 'k8s-app': 'kube-dns' });

    const peerMatches = (peer: any, e: Endpoint) => {
      if (peer.ipBlock) return true; // an address block may include pod addresses: count it as reaching them
      if (e === 'outside') return false;
      for (const sel of [peer.podSelector, peer.namespaceSelector]) if (sel?.matchExpressions) throw new Error('matchExpressions not evaluated');
      const nsOk = peer.namespaceSelector ? matches(peer.namespaceSelector.matchLabels, { 'kubernetes.io/metadata.name': e.namespace }) : e.namespace === ns;
      return nsOk && matches(peer.podSelector?.matchLabels, e.labels);
    };
    const ruleAllows = (peers: any[] | undefined, ports: any[] | undefined, other: Endpoint, port: number) =>
      (!peers || peers.some((p) => peerMatches(p, other))) && (!ports || ports.some((p) => p.port === port));
    const side = (e: Endpoint, type: 'Ingress' | 'Egress', other: Endpoint, port: number) => {
      if (e === 'outside' || e.namespace !== ns) return true; // not governed by these policies
      const selecting = policies.filter((p) => p.spec.policyTypes.includes(type) && matches(p.spec.podSelector.matchLabels, e.labels));
      if (!selecting.length) return true;
      return selecting.some((p) => (type === 'Ingress' ? p.spec.ingress : p.spec.egress)?.some((r: any) =>
        ruleAllows(type === 'Ingress' ? r.from : r.to, r.ports, other, port)));
    };
    const allowed = (src: Endpoint, dst: Endpoint, port: number) => side(src, 'Egress', dst, port) && side(dst, 'Ingress', src, port);

    it('deny by default and let through what Pilot needs', () => {
      expect(policies.find((p) => Object.keys(p.spec.podSelector).length === 0 && p.spec.policyTypes.length === 2)).toBeDefined();
      const ingressController = from('ingress-nginx');
      const monitoring = from('monitoring');
      expect(allowed(ingressController, pod('web'), 3000)).toBe(true);
      expect(allowed(ingressController, pod('api'), 3000)).toBe(true);
      expect(allowed(pod('web'), pod('api'), 3000)).toBe(true);
      for (const c of ['api', 'worker', 'migrate']) expect(allowed(pod(c), db, 5432), c).toBe(true);
      expect(allowed(db, db, 5432)).toBe(true);
      expect(allowed(from('cnpg-system'), db, 8000)).toBe(true);
      expect(allowed(monitoring, pod('api'), 9464)).toBe(true);
      expect(allowed(monitoring, pod('worker'), 9464)).toBe(true);
      expect(allowed(pod('worker'), 'outside', 587)).toBe(true);
      for (const c of ['api', 'web', 'worker', 'migrate']) expect(allowed(pod(c), dns, 53), c).toBe(true);
    });

    it('keep the web tier and the outside away from the database and the metrics', () => {
      expect(allowed(pod('web'), db, 5432)).toBe(false);
      expect(allowed(from('ingress-nginx'), db, 5432)).toBe(false);
      expect(allowed(from('ingress-nginx'), pod('api'), 9464)).toBe(false);
      expect(allowed(from('ingress-nginx'), pod('worker'), 9464)).toBe(false);
      expect(allowed(from('default'), pod('api'), 3000)).toBe(false);
      expect(allowed(pod('web'), 'outside', 443)).toBe(false);
      expect(allowed(pod('web'), pod('worker'), 9464)).toBe(false);
      expect(allowed(pod('api'), 'outside', 587)).toBe(false);
    });
  });
});

describe('overlays', () => {
  it('set the namespace, the public address and release images', () => {
    for (const dir of overlays) {
      const objects = rendered[dir]!;
      expect(new Set(objects.map((o) => o.metadata.namespace)).size, dir).toBe(1);
      const host = new URL(named(objects, 'ConfigMap', 'pilot-config')!.data!.PUBLIC_URL!).host;
      expect(named(objects, 'Ingress', 'pilot')!.spec.rules[0].host, dir).toBe(host);
      expect(named(objects, 'Ingress', 'pilot')!.spec.tls[0].hosts, dir).toEqual([host]);
    }
  });

  it('render only fields the renderer understands', () => {
    expect(() => renderKustomization(join(k8s, 'overlays', 'production'))).not.toThrow();
    expect(() => parseYaml('a: [')).toThrow();
  });
});
