// Validates Kubernetes objects against the schemas shipped by kubernetes-models, @kubernetes-models/keda and
// @kubernetes-models/strimzi-kafka-operator. Those packages are ES modules only, which Jest's CommonJS runtime
// cannot load, so the specs run this file with plain Node: a JSON array of objects on stdin, one
// {kind, name, error} per object on stdout (error null when valid).
const MODULES = {
  'keda.sh': (version) => `@kubernetes-models/keda/keda.sh/${version}`,
  'kafka.strimzi.io': (version) => `@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/${version}`,
};

function modulePath(apiVersion) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (!group) return `kubernetes-models/${version}`;
  return MODULES[group]?.(version) ?? `kubernetes-models/${group}/${version}`;
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const object of JSON.parse(input)) {
  const { apiVersion, kind, metadata } = object;
  let error = null;
  try {
    const models = await import(modulePath(apiVersion));
    const Model = models[kind];
    if (!Model) throw new Error(`no model for ${apiVersion} ${kind}`);
    new Model(object).validate();
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  results.push({ kind, name: metadata?.name, error });
}
process.stdout.write(JSON.stringify(results));
