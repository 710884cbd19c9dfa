import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from './helpers';

// kubernetes pkg/registry/core/service/storage TestPreAllocIPs: with RelaxedServiceNameValidation on
// (beta, on by default since 1.36; GA 1.37) a Service create validates its name with NameIsDNSLabel.
const service = (name: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n`;
const nameErrors = (name: string) =>
  check(service(name))
    .all.filter((d) => d.code === 'service-name-invalid')
    .map((d) => d.message);

describe('service-name-invalid follows RelaxedServiceNameValidation (TestPreAllocIPs)', () => {
  it('"FG enabled, name is relaxed": 1-test is a valid Service name', () => {
    assert.deepEqual(nameErrors('1-test'), []);
  });

  it('a name that is no DNS-1123 label is still rejected, with the DNS-1123 label message', () => {
    assert.deepEqual(nameErrors('web.frontend'), [
      "metadata.name: Invalid value: \"web.frontend\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });
});
