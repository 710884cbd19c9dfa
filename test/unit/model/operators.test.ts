import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { podSourcesFor } from '../../../server/src/engine/model/operators';
import { cluster } from './helpers';

// Labels the operators put on the pods of their custom resources (model/operators.ts).
const c = cluster({
  'operators.yaml': readFileSync(
    join(__dirname, '..', '..', 'fixtures', 'operators', 'operator-custom-resources.yaml'),
    'utf8',
  ),
});
const creators = (selector: Record<string, string>) => podSourcesFor(c, 'default', selector).creators.map((s) => s.ref);

describe("pods of well-known operators' custom resources", () => {
  it("fixed labels with the custom resource's name, and labels the operator sets at run time", () => {
    assert.deepEqual(creators({ 'cnpg.io/cluster': 'pg', 'cnpg.io/instanceRole': 'primary' }), ['Cluster/pg']);
    assert.deepEqual(creators({ application: 'spilo', 'cluster-name': 'acid-minimal', 'spilo-role': 'master' }), [
      'postgresql/acid-minimal',
    ]);
    assert.deepEqual(creators({ 'strimzi.io/cluster': 'events', 'strimzi.io/kind': 'Kafka' }), ['Kafka/events']);
    assert.deepEqual(creators({ 'elasticsearch.k8s.elastic.co/cluster-name': 'logs' }), ['Elasticsearch/logs']);
    assert.deepEqual(creators({ 'ray.io/cluster': 'raycluster', 'ray.io/node-type': 'head' }), [
      'RayCluster/raycluster',
    ]);
    assert.deepEqual(creators({ 'jobset.sigs.k8s.io/jobset-name': 'training' }), ['JobSet/training']);
    assert.deepEqual(creators({ 'app.kubernetes.io/name': 'alertmanager', alertmanager: 'main' }), [
      'Alertmanager/main',
    ]);
  });

  it("labels copied from the custom resource's pod templates (inheritedMetadata, podTemplate, template)", () => {
    assert.deepEqual(creators({ team: 'payments' }), ['Cluster/pg']);
    assert.deepEqual(creators({ tier: 'search', 'common.k8s.elastic.co/type': 'elasticsearch' }), [
      'Elasticsearch/logs',
    ]);
    assert.deepEqual(creators({ app: 'ray-head' }), ['RayCluster/raycluster']);
    assert.deepEqual(creators({ app: 'trainer' }), ['JobSet/training']);
  });

  it('another name, another fixed value, or a label no shape has: not created by them', () => {
    assert.deepEqual(creators({ 'cnpg.io/cluster': 'other' }), []);
    assert.deepEqual(creators({ 'strimzi.io/kind': 'KafkaConnect' }), []);
    assert.deepEqual(creators({ 'cnpg.io/cluster': 'pg', app: 'web' }), []);
  });

  it('configuration custom resources (a ServiceMonitor) are neither creators nor unknown', () => {
    assert.deepEqual(creators({ app: 'web' }), []);
    assert.deepEqual(podSourcesFor(c, 'default', { app: 'web' }).unknown, []);
  });
});
