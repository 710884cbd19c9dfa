// The trace panel's page. Free of the vscode module so the webview tests serve the very same page
// (and Content-Security-Policy) to headless Chromium.

export interface PanelPage {
  /** `webview.cspSource`: where the bundle is served from. */
  cspSource: string;
  /** URI of dist/webview.js as the webview can load it. */
  scriptUri: string;
  /** A fresh random value per page. */
  nonce: string;
  /** The document title (the trace panel's by default). */
  title?: string;
}

export function contentSecurityPolicy(p: Pick<PanelPage, 'cspSource' | 'nonce'>): string {
  return `default-src 'none'; script-src 'nonce-${p.nonce}'; style-src ${p.cspSource} 'nonce-${p.nonce}'; img-src ${p.cspSource} data:;`;
}

export function panelHtml(p: PanelPage): string {
  const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(p))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${attr(p.title ?? 'kroute: route')}</title>
</head>
<body>
<script nonce="${attr(p.nonce)}" src="${attr(p.scriptUri)}"></script>
</body>
</html>`;
}
