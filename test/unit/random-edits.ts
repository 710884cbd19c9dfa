/** An edit drawn at random: a line pattern, and what a matching text becomes. */
export type RandomEdit = [RegExp, (match: string, r: () => number) => string];

/**
 * One keystroke-sized edit of `text`: an edit drawn from the list, applied at one of the places
 * its pattern matches, drawn too. Undefined when the pattern matches nowhere in the text.
 */
export function randomKeystroke(
  text: string,
  edits: readonly RandomEdit[],
  r: () => number,
): { next: string; pattern: RegExp } | undefined {
  const [pattern, edit] = edits[Math.floor(r() * edits.length)];
  const matches = [...text.matchAll(new RegExp(pattern.source, 'gm'))];
  if (!matches.length) return undefined;
  const m = matches[Math.floor(r() * matches.length)];
  return { next: text.slice(0, m.index) + edit(m[0], r) + text.slice(m.index + m[0].length), pattern };
}
