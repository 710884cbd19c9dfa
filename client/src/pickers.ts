// What every kroute picker shares.

/**
 * A kroute picker opens after the command palette closed and a request to the server returned.
 * Closing the palette gives the focus back to what had it; when that is a webview (a trace panel),
 * the webview takes it asynchronously, after the picker opened, and a picker that closes on focus
 * out vanished as it appeared (microsoft/vscode#93950; seen in the real-editor tests under load).
 * Escape still closes it.
 */
export const PICKER_OPTIONS = { ignoreFocusOut: true } as const;
