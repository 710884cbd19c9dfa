import type { ManifestResource } from '../manifest/resource';
import type { Workspace } from '../workspace';
import { code } from './markdown';

/**
 * The hover's last lines on an object of a workspace with several apps: which app it was modelled
 * in (and how kroute found it), and where else the same object is defined, with which definition
 * kubectl apply leaves in place. Empty for a workspace that is one app with no duplicates.
 */
export function appNote(ws: Workspace, r: ManifestResource): string {
  const lines: string[] = [];
  const apps = ws.appsOf(r.uri);
  if (ws.apps().length > 1 && apps.length) {
    const how = {
      directory: 'the files of one directory, as kubectl apply -f applies them',
      kustomization: 'a kustomization, as kustomize renders it',
      config: 'as configured in .kroute.yaml',
    } as const;
    lines.push(`App ${apps.map((a) => code(a.name)).join(', ')} · ${how[apps[0].kind]}`);
  }
  const { winner, others } = ws.definitions(r);
  const where = (d: ManifestResource) => `${code(shortName(d.uri))} line ${d.range.start.line + 1}`;
  if (others.length && winner === r)
    lines.push(
      `Also defined in ${others.map(where).join(', ')}: this definition is the one applied last, so it is the object.`,
    );
  else if (winner && winner !== r)
    lines.push(`Overridden: ${where(winner)} defines the same object and is applied after this one.`);
  return lines.join('\n\n');
}

function shortName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/', uri.lastIndexOf('/') - 1) + 1));
}
