// Upstream's table for ValidateRollingUpdateDaemonSet, case by case: TestDaemonSetUpdateMaxSurge in
// kubernetes/kubernetes pkg/apis/apps/validation/validation_test.go. Upstream validates the
// RollingUpdateDaemonSet struct alone at spec.updateStrategy.rollingUpdate; here each case is the
// rollingUpdate of an otherwise valid apps/v1 DaemonSet (the TestValidateDaemonSet success case with
// type RollingUpdate), which ValidateDaemonSet runs through the same function.
//
// A field a Go case leaves unset is the zero IntOrString, 0; it is written out as 0 because an
// omitted one would be defaulted instead (SetDefaults_DaemonSet, pkg/apis/apps/v1/defaults.go:
// maxUnavailable 1, maxSurge 0), and the case would test another value. Every case is applicable.
import { makePodSpec, type Obj } from './upstream-apps';
import { runUpstreamTable, type UpstreamCase } from './upstream-table';

function rollingDaemonSet(): Obj {
  return {
    metadata: { name: 'abc', namespace: 'default' },
    spec: {
      selector: { matchLabels: { a: 'b' } },
      template: { metadata: { labels: { a: 'b' } }, spec: makePodSpec() },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } },
    },
  };
}

type Amount = number | string;
const UNAVAILABLE = 'spec.updateStrategy.rollingUpdate.maxUnavailable';
const SURGE = 'spec.updateStrategy.rollingUpdate.maxSurge';

/** [upstream case name, maxUnavailable, maxSurge, undefined or the path its error names]. */
const table: [string, Amount, Amount, string | undefined][] = [
  ['invalid: unset', 0, 0, UNAVAILABLE],
  ['invalid: zero percent', '0%', 0, UNAVAILABLE],
  ['invalid: zero', 0, 0, UNAVAILABLE],
  ['valid: one', 1, 0, undefined],
  ['valid: one percent', '1%', 0, undefined],
  ['valid: 100%', '100%', 0, undefined],
  ['invalid: greater than 100%', '101%', 0, UNAVAILABLE],
  // Named "valid" upstream, but the case expects an error: only one of the two may be non-zero.
  ['valid: surge and unavailable set', '1%', '1%', SURGE],
  ['invalid: surge enabled, unavailable zero percent', '0%', 0, UNAVAILABLE],
  ['invalid: surge enabled, unavailable zero', 0, 0, UNAVAILABLE],
  ['valid: surge enabled, unavailable one', 1, 0, undefined],
  ['valid: surge enabled, unavailable one percent', '1%', 0, undefined],
  ['valid: surge enabled, unavailable 100%', '100%', 0, undefined],
  ['invalid: surge enabled, unavailable greater than 100%', '101%', 0, UNAVAILABLE],
  ['invalid: surge enabled, surge zero percent', 0, '0%', UNAVAILABLE],
  ['invalid: surge enabled, surge zero', 0, 0, UNAVAILABLE],
  ['valid: surge enabled, surge one', 0, 1, undefined],
  ['valid: surge enabled, surge one percent', 0, '1%', undefined],
  ['valid: surge enabled, surge 100%', 0, '100%', undefined],
  ['invalid: surge enabled, surge greater than 100%', 0, '101%', SURGE],
  ['invalid: surge enabled, surge and unavailable set', '1%', '1%', SURGE],
  ['invalid: surge enabled, surge and unavailable zero percent', '0%', '0%', UNAVAILABLE],
  ['invalid: surge enabled, surge and unavailable zero', 0, 0, UNAVAILABLE],
  ['invalid: surge enabled, surge and unavailable mixed zero', 0, '0%', UNAVAILABLE],
];

const cases: UpstreamCase<Obj>[] = table.map(([name, maxUnavailable, maxSurge, path]) => [
  name,
  (d) => {
    d.spec.updateStrategy.rollingUpdate = { maxUnavailable, maxSurge };
  },
  path,
]);

runUpstreamTable({
  title: 'TestDaemonSetUpdateMaxSurge (kubernetes pkg/apis/apps/validation/validation_test.go)',
  header: { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  base: rollingDaemonSet,
  cases,
  inapplicable: {},
});
