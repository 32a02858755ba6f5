import { join } from 'node:path';
import { TOPIC_PARTITIONS, TOPICS, type TopicKey } from '../../libs/shared/src/contracts/topics';
import { type K8sObject, kustomize, readYamlObjects, yamlFiles } from './support/kustomize';
import { builtByBuild, CONFIG_NAMES, nodeScript, REPO } from './support/repo-files';
import { validateModels } from './support/validate-models';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument --
   rendered manifests are untyped YAML: the first test validates each against its schema, the others walk fields. */
type Any = any;

const K8S = join(REPO, 'deploy', 'k8s');
const OVERLAYS = ['single-node', 'production'] as const;
const rendered = Object.fromEntries(OVERLAYS.map((o) => [o, kustomize(join(K8S, 'overlays', o))])) as Record<
  (typeof OVERLAYS)[number],
  K8sObject[]
>;
const APPS = ['gateway', 'router', 'connectors'];

const ofKind = (objects: K8sObject[], kind: string): Any[] => objects.filter((o) => o.kind === kind);
const named = (objects: K8sObject[], kind: string, name: string): Any => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};
const workloads = (objects: K8sObject[]): Any[] =>
  objects.filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind));
const podSpec = (w: Any): Any => w.spec.template.spec;
const app = (objects: K8sObject[], name: string): Any =>
  workloads(objects).find((w) => w.spec.template.metadata.labels['app.kubernetes.io/name'] === name);

describe.each(OVERLAYS)('deploy/k8s overlay %s', (overlay) => {
  const objects = rendered[overlay];

  it('renders objects that each validate against their schema (kubernetes-models, KEDA, Strimzi)', () => {
    const kinds = new Set(objects.map((o) => o.kind));
    for (const kind of [
      'Kafka',
      'KafkaNodePool',
      'KafkaTopic',
      'KafkaUser',
      'ScaledObject',
      'Ingress',
      'Job',
    ])
      expect(kinds).toContain(kind);
    const invalid = validateModels(objects).filter((r) => r.error);
    expect(invalid).toEqual([]);
  });

  it('puts every object in the namespace and uses the released image, never a floating tag', () => {
    for (const o of objects) expect(o.metadata.namespace).toBe('minsheng');
    for (const w of workloads(objects))
      for (const c of [...podSpec(w).containers, ...(podSpec(w).initContainers ?? [])])
        expect(c.image).toMatch(/minsheng-hub:\d+\.\d+\.\d+$/);
  });

  it('defines every topic with the partitions of the contracts, replication per overlay', () => {
    const topics = ofKind(objects, 'KafkaTopic');
    expect(topics.map((t) => t.metadata.name).sort()).toEqual(Object.values(TOPICS).sort());
    const [rf, isr] = overlay === 'production' ? [3, 2] : [1, 1];
    for (const key of Object.keys(TOPICS) as TopicKey[]) {
      const t = named(objects, 'KafkaTopic', TOPICS[key]);
      expect(t.spec.partitions).toBe(TOPIC_PARTITIONS[key]);
      expect(t.spec.replicas).toBe(rf);
      expect(t.spec.config['min.insync.replicas']).toBe(isr);
      expect(t.metadata.labels['strimzi.io/cluster']).toBe('minsheng');
    }
    const kafka = named(objects, 'Kafka', 'minsheng');
    const pool = named(objects, 'KafkaNodePool', 'combined');
    expect(pool.spec.replicas).toBe(rf);
    expect(pool.spec.roles.sort()).toEqual(['broker', 'controller']);
    expect(kafka.spec.kafka.config).toMatchObject({
      'default.replication.factor': rf,
      'min.insync.replicas': isr,
      'offsets.topic.replication.factor': rf,
      'transaction.state.log.replication.factor': rf,
      'transaction.state.log.min.isr': isr,
      'auto.create.topics.enable': false,
    });
  });

  it('gives each app a SCRAM user whose ACLs fit what it does; only the gateway writes feedback', () => {
    const kafka = named(objects, 'Kafka', 'minsheng');
    expect(kafka.spec.kafka.authorization.type).toBe('simple');
    expect(kafka.spec.kafka.listeners).toEqual([
      expect.objectContaining({ port: 9093, tls: true, authentication: { type: 'scram-sha-512' } }),
    ]);
    const users = ofKind(objects, 'KafkaUser');
    const grants = (user: Any, op: string, type = 'topic') =>
      user.spec.authorization.acls
        .filter(
          (a: Any) =>
            a.resource.type === type && a.operations.includes(op) && (a.type ?? 'allow') === 'allow',
        )
        .map((a: Any) => a.resource.name);
    for (const u of users) {
      expect(u.spec.authentication.type).toBe('scram-sha-512');
      for (const a of u.spec.authorization.acls) expect(a.operations).not.toContain('All');
      expect(grants(u, 'Create')).toEqual([]);
      expect(grants(u, 'Describe')).toContain('appeal.');
    }
    const writers = (topic: string) =>
      users.filter((u) => grants(u, 'Write').includes(topic)).map((u) => u.metadata.name);
    expect(writers(TOPICS.feedback)).toEqual(['minsheng-gateway']);
    // Every other identity is denied writing feedback outright (decision 024), so no later allow can open it.
    const denied = (user: Any) =>
      user.spec.authorization.acls.some(
        (a: Any) =>
          a.type === 'deny' &&
          a.resource.type === 'topic' &&
          a.resource.name === TOPICS.feedback &&
          a.resource.patternType === 'literal' &&
          a.operations.includes('Write'),
      );
    expect(users.filter((u) => !denied(u)).map((u) => u.metadata.name)).toEqual(['minsheng-gateway']);
    expect(writers(TOPICS.items)).toEqual(['minsheng-connectors']);
    for (const t of [TOPICS.routed, TOPICS.triage, TOPICS.dlq])
      expect(writers(t)).toEqual(['minsheng-router']);
    const config = named(objects, 'ConfigMap', 'minsheng-config').data;
    const router = named(objects, 'KafkaUser', 'minsheng-router');
    expect(grants(router, 'Read', 'group')).toEqual([config.ROUTER_GROUP_ID]);
    expect(grants(router, 'Write', 'transactionalId')).toEqual(['minsheng-']);
    expect(grants(named(objects, 'KafkaUser', 'minsheng-gateway'), 'Read', 'group')).toEqual([
      config.WEBHOOKS_GROUP_ID,
    ]);
  });

  it('connects every app to Kafka over TLS with its own SCRAM user, and serves probes and /metrics on its http port', () => {
    const config = named(objects, 'ConfigMap', 'minsheng-config').data;
    expect(config).toMatchObject({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512' });
    const [rf, isr] = overlay === 'production' ? ['3', '2'] : [undefined, undefined];
    expect([config.KAFKA_REPLICATION_FACTOR, config.KAFKA_MIN_INSYNC_REPLICAS]).toEqual([rf, isr]);
    const port: Record<string, number> = { gateway: 3000, connectors: 3001, router: 3002 };
    for (const name of APPS) {
      const spec = podSpec(app(objects, name));
      const [c] = spec.containers;
      const env = Object.fromEntries((c.env as Any[]).map((e) => [e.name, e.value ?? e.valueFrom]));
      expect(env.KAFKA_SASL_USERNAME).toBe(`minsheng-${name}`);
      expect(env.KAFKA_SASL_PASSWORD).toEqual({
        secretKeyRef: { name: `minsheng-${name}`, key: 'password' },
      });
      named(objects, 'KafkaUser', `minsheng-${name}`);
      const mount = c.volumeMounts.find((m: Any) => config.KAFKA_SSL_CA_FILE.startsWith(`${m.mountPath}/`));
      const volume = spec.volumes.find((v: Any) => v.name === mount?.name);
      expect(volume?.secret.secretName).toBe('minsheng-cluster-ca-cert');
      expect(c.ports).toContainEqual({ name: 'http', containerPort: port[name] });
      const prefix = name === 'gateway' ? 'GATEWAY' : `${name.toUpperCase()}_HTTP`;
      expect([env[`${prefix}_HOST`], env[`${prefix}_PORT`]]).toEqual(['0.0.0.0', String(port[name])]);
      expect(c.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(c.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    }
  });

  it('runs the router as a StatefulSet whose pod name is its instance id, scaled by KEDA on its lag', () => {
    const router = named(objects, 'StatefulSet', 'minsheng-router');
    const env = router.spec.template.spec.containers[0].env;
    expect(env).toContainEqual({
      name: 'ROUTER_INSTANCE_ID',
      valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
    });
    expect(named(objects, 'Service', router.spec.serviceName).spec.clusterIP).toBe('None');

    const scaler = named(objects, 'ScaledObject', 'minsheng-router');
    expect(scaler.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      name: 'minsheng-router',
    });
    expect(scaler.spec.maxReplicaCount).toBeLessThanOrEqual(TOPIC_PARTITIONS.items);
    expect(scaler.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
    const [trigger] = scaler.spec.triggers;
    expect(trigger.type).toBe('kafka');
    expect(trigger.metadata).toMatchObject({
      topic: TOPICS.items,
      consumerGroup: named(objects, 'ConfigMap', 'minsheng-config').data.ROUTER_GROUP_ID,
      bootstrapServers: named(objects, 'ConfigMap', 'minsheng-config').data.KAFKA_BROKERS,
    });
    const auth = named(objects, 'TriggerAuthentication', trigger.authenticationRef.name);
    const keda = named(objects, 'KafkaUser', 'minsheng-keda');
    const params = named(objects, 'Secret', 'minsheng-keda-kafka-params').stringData;
    expect(params.username).toBe(keda.metadata.name);
    expect(auth.spec.secretTargetRef).toContainEqual({
      parameter: 'password',
      name: keda.metadata.name,
      key: 'password',
    });
  });

  it('probes every app on /health/live and /health/ready of a declared port, with requests and limits', () => {
    for (const name of APPS) {
      const w = app(objects, name);
      expect(w).toBeDefined();
      const [c] = podSpec(w).containers;
      const ports = c.ports.map((p: Any) => p.name);
      expect(c.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(c.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(ports).toContain('http');
      expect(c.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(c.resources.limits.memory).toEqual(expect.any(String));
    }
  });

  it('runs every pod as non-root with a read-only root, no privilege escalation and no capabilities', () => {
    for (const w of workloads(objects)) {
      const spec = podSpec(w);
      expect(spec.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(spec.automountServiceAccountToken).toBe(false);
      for (const c of [...spec.containers, ...(spec.initContainers ?? [])])
        expect(c.securityContext).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
    }
  });

  it('migrates in a Job before the apps: each app pod waits for the migrations of its image', () => {
    const job = named(objects, 'Job', 'minsheng-migrate');
    expect(podSpec(job).containers[0].command).toEqual(['node', 'dist/scripts/migrate.js']);
    for (const name of APPS) {
      const init = podSpec(app(objects, name)).initContainers;
      expect(init.map((c: Any) => c.command)).toEqual([['node', 'dist/scripts/wait-for-migrations.js']]);
      expect(init[0].image).toBe(podSpec(app(objects, name)).containers[0].image);
    }
  });

  it('runs only scripts the build produces', () => {
    for (const w of workloads(objects))
      for (const c of [...podSpec(w).containers, ...(podSpec(w).initContainers ?? [])]) {
        const script = nodeScript(c.command);
        expect(script).toBeDefined();
        expect(builtByBuild(script!)).toBe(true);
      }
  });

  it('sets only variables of the config schema', () => {
    const names = new Set<string>();
    for (const w of workloads(objects))
      for (const c of [...podSpec(w).containers, ...(podSpec(w).initContainers ?? [])]) {
        for (const e of c.env ?? []) names.add(e.name);
        for (const from of c.envFrom ?? []) {
          const ref = from.configMapRef ?? from.secretRef;
          const source = objects.find(
            (o) => o.kind === (from.configMapRef ? 'ConfigMap' : 'Secret') && o.metadata.name === ref.name,
          ) as Any;
          // minsheng-secrets is created by hand from secrets.example.yaml (checked below), never applied with -k.
          if (!source) expect(ref.name).toBe('minsheng-secrets');
          for (const k of Object.keys(source?.data ?? source?.stringData ?? {})) names.add(k);
        }
      }
    expect(names.size).toBeGreaterThan(5);
    expect([...names].filter((n) => !CONFIG_NAMES.has(n))).toEqual([]);
  });

  it('keeps /metrics and /health off the Ingress', () => {
    const ingress = named(objects, 'Ingress', 'minsheng-gateway');
    const paths = ingress.spec.rules.flatMap((r: Any) => r.http.paths.map((p: Any) => p.path));
    expect(paths).toEqual(expect.arrayContaining(['/api', '/open311', '/intake']));
    for (const p of paths) expect(p).not.toMatch(/^\/(metrics|health)/);
  });

  it('budgets one voluntary disruption per app, each selecting a workload that exists', () => {
    const pdbs = ofKind(objects, 'PodDisruptionBudget');
    for (const name of APPS) {
      const pdb = pdbs.find((p) => p.spec.selector.matchLabels['app.kubernetes.io/name'] === name);
      expect(pdb?.spec.maxUnavailable).toBe(1);
    }
  });

  describe('network policies', () => {
    const policies = ofKind(objects, 'NetworkPolicy');
    const selects = (p: Any, labels: Record<string, string>) => {
      const sel = p.spec.podSelector;
      const byLabels = Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
      const byExpr = (sel.matchExpressions ?? []).every(
        (e: Any) => e.operator === 'In' && e.values.includes(labels[e.key]),
      );
      return byLabels && byExpr;
    };
    const egressOf = (name: string) => {
      const labels = app(objects, name).spec.template.metadata.labels;
      return policies.filter((p) => selects(p, labels) && p.spec.policyTypes.includes('Egress'));
    };
    const reachesInternet = (name: string) =>
      egressOf(name).flatMap((p) =>
        (p.spec.egress ?? []).filter((r: Any) =>
          (r.to ?? []).some((t: Any) => t.ipBlock?.cidr === '0.0.0.0/0'),
        ),
      );

    it('deny by default every pod of the hub', () => {
      const deny = named(objects, 'NetworkPolicy', 'minsheng-default-deny');
      expect(deny.spec).toEqual({
        podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'minsheng-hub' } },
        policyTypes: ['Ingress', 'Egress'],
      });
      for (const w of workloads(objects))
        expect(w.spec.template.metadata.labels['app.kubernetes.io/part-of']).toBe('minsheng-hub');
    });

    it('let only the connectors reach the internet, the gateway webhook targets on 80/443', () => {
      expect(reachesInternet('connectors')).toHaveLength(1);
      expect(reachesInternet('connectors')[0].ports).toBeUndefined();
      const gateway = reachesInternet('gateway');
      expect(gateway).toHaveLength(1);
      expect(gateway[0].ports.map((p: Any) => p.port).sort()).toEqual([443, 80]);
      expect(reachesInternet('router')).toEqual([]);
    });

    it('let the router reach only DNS, Kafka and PostgreSQL', () => {
      const rules = egressOf('router').flatMap((p) => p.spec.egress ?? []);
      const ports = rules.flatMap((r: Any) => (r.ports ?? [{ port: 'any' }]).map((p: Any) => p.port));
      expect([...new Set(ports)].sort()).toEqual([53, 5432, 9093]);
      const kafka = rules.find((r: Any) => r.ports?.some((p: Any) => p.port === 9093));
      expect(kafka.to).toEqual([{ podSelector: { matchLabels: { 'strimzi.io/cluster': 'minsheng' } } }]);
    });
  });
});

describe('deploy/k8s files outside the overlays', () => {
  it('has a Secret template with empty values and only config variables', () => {
    const [secret] = readYamlObjects(join(K8S, 'secrets.example.yaml')) as Any[];
    expect(validateModels([secret])).toEqual([{ kind: 'Secret', name: 'minsheng-secrets', error: null }]);
    const keys = Object.keys(secret.stringData);
    expect(keys.sort()).toEqual(['DATABASE_URL', 'PII_HASH_KEY', 'SECRETS_KEY']);
    for (const k of keys) {
      expect(CONFIG_NAMES.has(k)).toBe(true);
      expect(secret.stringData[k]).toBe('');
    }
  });

  it('leaves no YAML file unused: each is a kustomization, a resource of one, or the Secret template', () => {
    const used = new Set<string>([join(K8S, 'secrets.example.yaml')]);
    for (const dir of [join(K8S, 'base'), ...OVERLAYS.map((o) => join(K8S, 'overlays', o))]) {
      used.add(join(dir, 'kustomization.yaml'));
      const k = readYamlObjects(join(dir, 'kustomization.yaml'))[0] as Any;
      for (const r of k.resources) if (r.endsWith('.yaml')) used.add(join(dir, r));
    }
    expect(yamlFiles(K8S).filter((f) => !used.has(f))).toEqual([]);
  });
});
