// When kroute leaves type errors and enum completions to a Kubernetes schema validator
// (issue 20 point 9): only where the Red Hat YAML extension really applies the Kubernetes schema —
// its `yaml.schemas` setting associates the `kubernetes` key (vscode-yaml README, "Associating a
// schema to a glob pattern via yaml.schemas": `kubernetes` is its built-in Kubernetes schema), or
// the Kubernetes extension registers the schema through the YAML extension's API.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KUBERNETES_EXTENSION, YAML_EXTENSION, kubernetesSchemaActive } from '../../../client/src/schema-overlap';

const installed =
  (...ids: string[]) =>
  (id: string) =>
    ids.includes(id);

describe('kroute.deferToYamlSchema', () => {
  it('auto: the YAML extension with the kubernetes schema associated defers', () => {
    assert.equal(kubernetesSchemaActive('auto', installed(YAML_EXTENSION), { kubernetes: ['*.yaml'] }), true);
    assert.equal(
      kubernetesSchemaActive(undefined, installed(YAML_EXTENSION), { Kubernetes: '/k8s/**' }),
      true,
      'the key is matched case-insensitively; an unset setting is auto',
    );
  });

  it('auto: the Kubernetes extension registers the schema with the YAML extension', () => {
    assert.equal(kubernetesSchemaActive('auto', installed(YAML_EXTENSION, KUBERNETES_EXTENSION), undefined), true);
  });

  it('auto: the YAML extension alone (other schemas only) validates no Kubernetes field: kroute keeps its errors', () => {
    assert.equal(
      kubernetesSchemaActive('auto', installed(YAML_EXTENSION), {
        'https://json.schemastore.org/github-workflow.json': '.github/workflows/*',
      }),
      false,
    );
    assert.equal(kubernetesSchemaActive('auto', installed(YAML_EXTENSION), undefined), false);
  });

  it('auto: no YAML extension, nothing to defer to (the Kubernetes extension alone validates nothing)', () => {
    assert.equal(kubernetesSchemaActive('auto', installed(KUBERNETES_EXTENSION), { kubernetes: '*.yaml' }), false);
  });

  it("on and off are the user's choice whatever is installed", () => {
    assert.equal(kubernetesSchemaActive('on', installed(), undefined), true);
    assert.equal(
      kubernetesSchemaActive('off', installed(YAML_EXTENSION, KUBERNETES_EXTENSION), { kubernetes: '*' }),
      false,
    );
  });
});
