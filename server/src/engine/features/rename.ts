import type { Position, Range, TextEdit } from '../types';
import { labelKey, labelValue } from '../validation/names';
import type { Workspace } from '../workspace';
import { cursorAt, templateLabelsIn, servicesIn } from './context';
import { labelAt, labelSites, matchExpressionUsers, writtenAt, type LabelEntry } from './labels';
import { workloadRef } from '../model/explain';

export interface RenameRefusal {
  error: string;
}

interface Plan {
  site: LabelEntry;
  part: 'key' | 'value';
  sites: LabelEntry[];
  range: Range;
}

/**
 * A label key or value is renamed everywhere it is written in its namespace (Service selectors,
 * pod templates, matchLabels), so every Service keeps selecting exactly the pods it did.
 */
function plan(ws: Workspace, uri: string, position: Position): Plan | RenameRefusal {
  const at = cursorAt(ws, uri, position);
  const site = at && labelAt(at);
  if (!at || !site)
    return { error: 'kroute renames pod labels: put the cursor on a label in a Service selector or a pod template.' };
  const part = at.part;
  const sites = labelSites(at.cluster, at.namespace, site.key, site.value);
  const users = matchExpressionUsers(at.cluster, at.namespace, site.key);
  if (users.length)
    return {
      error: `\`${site.key}\` is also used in a matchExpressions selector (${users.map(workloadRef).join(', ')}); rename it by hand.`,
    };
  const unwritable = sites.find((s) => !writtenAt(s, part));
  if (unwritable)
    return {
      error:
        `\`${site.key}: ${site.value}\` is written through an alias, anchor or escape in ` +
        `${unwritable.resource.kind} ${unwritable.resource.name}; rename it by hand.`,
    };
  return { site, part, sites, range: writtenAt(site, part)!.range };
}

export function prepareRename(
  ws: Workspace,
  uri: string,
  position: Position,
): { range: Range; placeholder: string } | RenameRefusal {
  const p = plan(ws, uri, position);
  if ('error' in p) return p;
  return { range: p.range, placeholder: p.part === 'key' ? p.site.key : p.site.value };
}

export function rename(
  ws: Workspace,
  uri: string,
  position: Position,
  newName: string,
): { edits: TextEdit[] } | RenameRefusal {
  const p = plan(ws, uri, position);
  if ('error' in p) return p;
  const { site, part } = p;
  const invalid = part === 'key' ? labelKey(newName) : labelValue(newName);
  if (invalid.length) return { error: `\`${newName}\` is not a valid label ${part}: ${invalid[0]}` };
  const namespace = site.service?.namespace ?? site.workload!.namespace;
  const cluster = ws.clusterFor(uri);
  if (part === 'value' && newName !== site.value) {
    // Another group already labelled `key: newName` would be merged with this one: Services would select both.
    const taken =
      (templateLabelsIn(cluster, namespace).get(site.key)?.has(newName) ?? false) ||
      servicesIn(cluster, namespace).some((s) => s.selector?.[site.key] === newName);
    if (taken)
      return {
        error: `\`${site.key}: ${newName}\` is already used in namespace ${namespace}; renaming would merge the two groups of pods.`,
      };
  }
  if (part === 'key' && newName !== site.key) {
    const clash = p.sites.find((s) => Object.hasOwn(s.service?.selector ?? s.workload?.templateLabels ?? {}, newName));
    if (clash) return { error: `${clash.resource.kind} ${clash.resource.name} already has a \`${newName}\` label.` };
  }
  const edits = p.sites.map((s): TextEdit => {
    const w = writtenAt(s, part)!;
    return { uri: s.resource.uri, range: w.range, newText: `${w.quote}${newName}${w.quote}` };
  });
  return { edits };
}
