import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic, Fix } from '../../../server/src/engine/types';
import { codeActions } from '../../../server/src/engine/rules/code-actions';
import { applyEdits, check, fixture } from './helpers';

/** Comments of a text other than the fixtures' `# expect:` markers: a fix must keep every one. */
function comments(text: string): string[] {
  return [...text.matchAll(/#(?! expect:).*$/gm)].map((m) => m[0]);
}

function apply(text: string, fix: Fix): string {
  assert.ok(
    fix.edits.every((e) => e.uri === 'file:///ws/test.yaml'),
    'single-file fix',
  );
  return applyEdits(text, fix.edits);
}

/** Applies every fix of every `code` diagnostic in the fail fixture, one at a time, and re-checks. */
function eachFix(
  code: string,
  assertAfter: (before: Diagnostic, fix: Fix, after: Diagnostic[], text: string) => void,
): number {
  const text = fixture(code, 'fail.yaml');
  const diagnostics = check(text).all.filter((d) => d.code === code && d.fixes?.length);
  // A fix may make an object checkable (a removed apiVersion rewritten), never give it a field its kind lacks.
  const unknownBefore = new Set(
    check(text)
      .all.filter((x) => x.code === 'unknown-field')
      .map((x) => x.message),
  );
  let n = 0;
  for (const d of diagnostics) {
    for (const fix of d.fixes!) {
      const fixed = apply(text, fix);
      const after = check(fixed).all;
      assert.deepEqual(
        after.filter((x) => x.code === 'yaml-syntax' || x.code === 'field-type'),
        [],
        `${fix.title} keeps the YAML valid:\n${fixed}`,
      );
      assert.deepEqual(
        after.filter((x) => x.code === 'unknown-field' && !unknownBefore.has(x.message)).map((x) => x.message),
        [],
        `${fix.title} adds no unknown field:\n${fixed}`,
      );
      assert.deepEqual(comments(fixed), comments(text), `${fix.title} keeps comments`);
      assertAfter(
        d,
        fix,
        after.filter((x) => x.code === code),
        fixed,
      );
      n++;
    }
  }
  return n;
}

const sameLine = (a: Diagnostic, b: Diagnostic) => a.range.start.line === b.range.start.line;

describe('quick fixes: apply the edits, re-check, the diagnostic is gone', () => {
  it('nodeport-out-of-range: nearest free port in range (preferred), or remove nodePort', () => {
    const titles: string[] = [];
    eachFix('nodeport-out-of-range', (_d, fix, after, text) => {
      titles.push(fix.title);
      assert.deepEqual(after, []);
      if (fix.preferred) assert.match(text, /nodePort: 30000 # expect/);
      else assert.doesNotMatch(text, /nodePort/);
    });
    assert.deepEqual(titles, [
      'Use nodePort 30000 (nearest free port in 30000-32767)',
      'Remove nodePort (let the cluster allocate one)',
    ]);
  });

  it('nodeport-conflict: moving one side to a free port clears that conflict', () => {
    const n = eachFix('nodeport-conflict', (d, fix, after) => {
      if (fix.preferred)
        assert.ok(!after.some((x) => sameLine(x, d)), `${fix.title}: ${after.map((x) => x.message).join('\n')}`);
    });
    assert.equal(n, 8);
  });

  it('nodeport-conflict: the nearest free port skips ports other Services hold', () => {
    const { all } = check(fixture('nodeport-conflict', 'fail.yaml'));
    const d = all.find((x) => x.code === 'nodeport-conflict' && x.message.includes('31000'))!;
    assert.match(d.fixes![0].title, /^Use nodePort 3099\d|^Use nodePort 3100[01]/);
    assert.notEqual(d.fixes![0].edits[0].newText, '31000');
  });

  it('nodeport-not-allowed: remove the nodePort of a ClusterIP Service', () => {
    const n = eachFix('nodeport-not-allowed', (d, _fix, after) => assert.ok(!after.some((x) => sameLine(x, d))));
    assert.equal(n, 1);
  });

  it('port-name-required: names every unnamed port, in block and flow style', () => {
    eachFix('port-name-required', (_d, _fix, after, text) => {
      assert.deepEqual(after, []);
      assert.match(text, /# plain HTTP\n {4}- name: http\n {6}port: 80 # expect/);
      assert.match(text, /- name: https\n {6}port: 443/);
      assert.match(text, /\{port: 9090, name: metrics\}/);
    });
  });

  it("selector-matches-nothing: changes the selector to the nearest workload's labels, keeping the comment", () => {
    const n = eachFix('selector-matches-nothing', (d, fix, after, text) => {
      assert.equal(fix.title, "Change the selector to deployment/cart's labels (app=cart,tier=backend)");
      assert.match(text, /# typo: the pods say app: cart\n {4}app: cart # expect/);
      assert.ok(!after.some((x) => sameLine(x, d)));
    });
    assert.equal(n, 1, 'the other-namespace case has no nearest workload to copy');
  });

  it('workload-selector-mismatch: sets the template labels to the selector', () => {
    const n = eachFix('workload-selector-mismatch', (d, _fix, after, text) => {
      assert.match(
        text,
        /labels: # expect: workload-selector-mismatch\n {8}app: web # the new name\n {8}tier: frontend\n/,
      );
      assert.ok(!after.some((x) => sameLine(x, d)));
    });
    assert.equal(n, 1);
  });

  it('api-version-removed: rewrites the apiVersion where that is mechanical, writing the selector old apps versions defaulted', () => {
    const titles: string[] = [];
    eachFix('api-version-removed', (d, fix, after, text) => {
      titles.push(fix.title);
      assert.ok(!after.some((x) => sameLine(x, d) && x.code === 'api-version-removed'), fix.title);
      // The written selector is what extensions/v1beta1 defaulted: apps/v1 accepts the DaemonSet as it was.
      if (fix.edits.length > 1) {
        assert.match(text, /apiVersion: apps\/v1 # expect[^\n]*\nkind: DaemonSet/);
        assert.match(text, /selector: \{matchLabels: \{app: agent\}\}/);
        assert.deepEqual(
          check(text).all.filter((x) => x.code === 'workload-selector-mismatch'),
          [],
        );
      }
    });
    // No fix for the Ingress (its backend fields changed in networking.k8s.io/v1).
    assert.deepEqual(titles.sort(), [
      'Change apiVersion to apps/v1',
      'Change apiVersion to apps/v1',
      'Change apiVersion to apps/v1 and write the selector it used to default',
      'Change apiVersion to autoscaling/v2',
      'Change apiVersion to rbac.authorization.k8s.io/v1',
    ]);
  });

  it('target-port-unresolved: use an existing container port name, or name the container port', () => {
    const titles: string[] = [];
    eachFix('target-port-unresolved', (d, fix, after, text) => {
      titles.push(fix.title);
      assert.ok(!after.some((x) => sameLine(x, d)), fix.title);
      if (fix.title.startsWith('Name')) assert.match(text, /- name: api\n {14}containerPort: 9000/);
    });
    assert.deepEqual(titles, ['Use container port name "http"', 'Name the container port "api"']);
  });

  it('service-type-invalid: fixes the case of the type', () => {
    eachFix('service-type-invalid', (_d, _fix, after, text) => {
      assert.deepEqual(after, []);
      assert.match(text, /type: NodePort # expect/);
    });
  });

  it('container-port-invalid: writes a lower-case protocol in upper case (the only mechanical repair)', () => {
    const titles: string[] = [];
    eachFix('container-port-invalid', (d, fix, after, text) => {
      titles.push(fix.title);
      assert.ok(!after.some((x) => sameLine(x, d)), after.map((x) => x.message).join('\n'));
      assert.match(text, /protocol: TCP # expect/);
    });
    assert.deepEqual(titles, ['Write the protocol in upper case: TCP']);
  });

  it('workload-spec-invalid: removes a field the API server forbids (activeDeadlineSeconds in a template, rollingUpdate beside Recreate)', () => {
    const titles: string[] = [];
    eachFix('workload-spec-invalid', (d, fix, after, text) => {
      titles.push(fix.title);
      assert.ok(fix.preferred);
      assert.ok(!after.some((x) => x.message === d.message), after.map((x) => x.message).join('\n'));
      const field = fix.title.replace('Remove ', '');
      assert.equal(
        text.split('\n').filter((l) => l.trimStart().startsWith(`${field}:`)).length,
        fixture('workload-spec-invalid', 'fail.yaml')
          .split('\n')
          .filter((l) => l.trimStart().startsWith(`${field}:`)).length - 1,
        `one ${field} fewer`,
      );
    });
    assert.deepEqual(titles.sort(), ['Remove activeDeadlineSeconds', 'Remove rollingUpdate']);
  });

  it('metadata-invalid and service-name-invalid: rename to the nearest valid name, only where one is mechanical', () => {
    const renamed: string[] = [];
    for (const code of ['metadata-invalid', 'service-name-invalid']) {
      eachFix(code, (d, fix, after) => {
        renamed.push(fix.title);
        assert.ok(!after.some((x) => sameLine(x, d)), after.map((x) => x.message).join('\n'));
      });
    }
    assert.deepEqual(renamed, [
      'Rename to shop-front',
      'Rename to db-primary',
      'Rename to web-api',
      'Rename to web-frontend',
    ]);
  });

  it('gateway-api-invalid: the case an enum or host name meant, a path made absolute; each clears its finding', () => {
    const titles: string[] = [];
    eachFix('gateway-api-invalid', (d, fix, after) => {
      titles.push(fix.title);
      assert.ok(!after.some((x) => x.message === d.message), after.map((x) => x.message).join('\n'));
    });
    assert.deepEqual(titles, ['Use shop.example.com', 'Use /api', 'Use GET']);
  });

  it('networkpolicy-invalid: writes a protocol or policy type in the case the API spells it', () => {
    const titles: string[] = [];
    eachFix('networkpolicy-invalid', (d, fix, after, text) => {
      titles.push(fix.title);
      assert.ok(!after.some((x) => sameLine(x, d)), after.map((x) => x.message).join('\n'));
      assert.match(text, fix.title === 'Write UDP' ? /protocol: UDP # expect/ : /- Egress # expect/);
    });
    assert.deepEqual(titles.sort(), ['Write Egress', 'Write UDP']);
  });

  it('ingress-invalid: a pathType (the v1beta1 default or Prefix), an absolute path, the case of a pathType, the class', () => {
    const titles: string[] = [];
    eachFix('ingress-invalid', (d, fix, after, text) => {
      titles.push(fix.title);
      assert.ok(!after.some((x) => sameLine(x, d)), `${fix.title}: ${after.map((x) => x.message).join('\n')}`);
      if (fix.title.startsWith('Add pathType'))
        assert.match(
          text,
          new RegExp(`- path: /static # expect[^\n]*\n(.*\n){5} {12}pathType: ${fix.title.split(' ')[2]}\n`),
        );
    });
    assert.deepEqual(titles, [
      'Add pathType: ImplementationSpecific (what networking.k8s.io/v1beta1 defaulted)',
      'Add pathType: Prefix',
      'Write /docs',
      'Write Prefix',
      'Remove the kubernetes.io/ingress.class annotation',
      'Set ingressClassName to traefik',
    ]);
  });

  it('ingressclass-invalid: the case of a scope; no namespace under a Cluster scope', () => {
    const titles: string[] = [];
    eachFix('ingressclass-invalid', (d, fix, after, text) => {
      titles.push(fix.title);
      assert.ok(!after.some((x) => sameLine(x, d)), `${fix.title}: ${after.map((x) => x.message).join('\n')}`);
      if (fix.title.startsWith('Remove')) assert.doesNotMatch(text, /namespace: traefik/);
    });
    assert.deepEqual(titles.sort(), ['Remove namespace (a Cluster-scoped reference has none)', 'Write Namespace']);
  });

  it('pod-spec-invalid: writes an enum in its case, removes a readiness probe grace period, matches hostPort to containerPort', () => {
    const titles: string[] = [];
    eachFix('pod-spec-invalid', (d, fix, after) => {
      titles.push(fix.title);
      assert.ok(!after.some((x) => x.message === d.message), `${fix.title} clears: ${d.message}`);
      assert.equal(after.length, 6, after.map((x) => x.message).join('\n'));
    });
    assert.deepEqual(titles.sort(), [
      'Remove terminationGracePeriodSeconds',
      'Write 9100',
      'Write Always',
      'Write ClusterFirst',
    ]);
  });

  it('pod-spec-invalid: successThreshold 1, one handler type, an image without spaces', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: " nginx "
      livenessProbe:
        successThreshold: 3
        exec:
          command: [check]
        tcpSocket:
          port: 80
`;
    const found = check(text).all.filter((d) => d.code === 'pod-spec-invalid');
    assert.equal(found.length, 3, found.map((d) => d.message).join('\n'));
    for (const d of found) {
      const fix = d.fixes?.[0];
      assert.ok(fix, d.message);
      const fixed = apply(text, fix);
      const after = check(fixed).all;
      assert.deepEqual(
        after.filter((x) => x.code === 'pod-spec-invalid').map((x) => x.message),
        found.filter((x) => x !== d).map((x) => x.message),
        `${fix.title}:\n${fixed}`,
      );
      assert.deepEqual(
        after.filter((x) => x.code === 'field-type' || x.code === 'yaml-syntax'),
        [],
      );
    }
  });

  it('field-type: quotes a scalar where a string goes, as written (yes, on, 1.0), and that finding is gone', () => {
    const text = fixture('field-type', 'fail.yaml');
    const before = check(text).all.filter((d) => d.code === 'field-type');
    const quotable = before.filter((d) => d.fixes?.length);
    assert.deepEqual(
      quotable.map((d) => d.fixes!.map((f) => f.title)),
      [['Quote 1.0'], ['Quote yes'], ['Quote on']],
    );
    for (const d of quotable) {
      const fixed = apply(text, d.fixes![0]);
      const after = check(fixed).all.filter((x) => x.code === 'field-type');
      assert.equal(after.length, before.length - 1, fixed);
      assert.ok(!after.some((x) => sameLine(x, d)), `${d.fixes![0].title} clears its line`);
      assert.deepEqual(comments(fixed), comments(text));
    }
  });

  it('codeActions(workspace, uri, range) returns the fixes of diagnostics touching the range', () => {
    const { ws } = check(fixture('nodeport-out-of-range', 'fail.yaml'));
    const line = 11;
    const actions = codeActions(ws, 'file:///ws/test.yaml', {
      start: { line, character: 18 },
      end: { line, character: 18 },
    });
    assert.deepEqual(
      actions.map((a) => [a.diagnostic.code, a.title]),
      [
        ['nodeport-out-of-range', 'Use nodePort 30000 (nearest free port in 30000-32767)'],
        ['nodeport-out-of-range', 'Remove nodePort (let the cluster allocate one)'],
      ],
    );
    assert.deepEqual(
      codeActions(ws, 'file:///ws/test.yaml', { start: { line: 2, character: 0 }, end: { line: 2, character: 4 } }),
      [],
    );
  });

  it('a fix in one file clears a finding in another (cross-file, through the model)', () => {
    const files = {
      'deploy.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: webapp\n  template:\n    metadata:\n      labels:\n        app: webapp\n',
      'svc.yaml':
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n',
    };
    const { ws, uri } = check(files);
    assert.equal(
      ws
        .diagnostics()
        .get(uri('svc.yaml'))!
        .filter((d) => d.code === 'selector-matches-nothing').length,
      1,
    );
    ws.setFile(uri('deploy.yaml'), files['deploy.yaml'].replace(/webapp/g, 'web'));
    assert.deepEqual(
      ws
        .diagnostics()
        .get(uri('svc.yaml'))!
        .filter((d) => d.code === 'selector-matches-nothing'),
      [],
    );
  });
});
