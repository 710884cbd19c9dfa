// Paths inside URIs (`file:///repo/k8s/app.yaml`): the engine sees only URIs, never the file
// system, so directories and relative references are worked out on the URI text.

/** The URI of the directory holding a file (no trailing slash). */
export function dirOf(uri: string): string {
  const slash = uri.lastIndexOf('/');
  return slash < 0 ? '' : uri.slice(0, slash);
}

export function baseName(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/** `dir` joined with a relative (or absolute, on the same scheme) path, with `.` and `..` resolved. */
export function resolvePath(dir: string, path: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(dir)?.[0] ?? '';
  const base = path.startsWith('/') ? [] : dir.slice(scheme.length).split('/');
  const out: string[] = [];
  for (const part of [...base, ...path.split('/')]) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `${scheme}/${out.join('/')}`;
}

/** True when `uri` is `dir` itself or lies below it. */
export function isUnder(uri: string, dir: string): boolean {
  // Without building `dir + '/'`: borrowing asks this of every app at each level of each look-up.
  return uri === dir || (uri.startsWith(dir) && (dir.endsWith('/') || uri.charCodeAt(dir.length) === SLASH));
}

const SLASH = 0x2f;
