/**
 * HTTPRoute RegularExpression matches (path, header, query param) in RE2 syntax. The dialect is
 * implementation-specific in the Gateway API (PathMatchRegularExpression: "Support:
 * Implementation-specific"); kroute assumes RE2, the dialect of Envoy's safe_regex that Envoy-based
 * implementations (Envoy Gateway, Istio, Contour) program, matched against the whole value.
 *
 * JavaScript's RegExp reads many patterns the same way, but not all: it has backreferences and
 * lookaround, which RE2 rejects (such a route is not accepted), and it reads some RE2 syntax
 * differently or not at all (`\A`, `\z`, `(?P<name>…)`, `[[:alpha:]]`, `\Q…\E`, `\a`, `.` and `\r`,
 * `\s` and `\v`). So each pattern is read token by token with RE2's grammar (github.com/google/re2,
 * wiki "Syntax") and rewritten into an equivalent JavaScript expression; what RE2 rejects is reported
 * as `unsupported`, and the few RE2 constructs kroute does not translate as `unevaluated`.
 */
export type Re2 = { regex: RegExp } | { problem: string; kind: 'unsupported' | 'unevaluated' };

/** RE2's limit on a counted repetition (`{n,m}`): larger counts are a parse error. */
const MAX_REPEAT = 1000;

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** RE2's \s is [\t\n\f\r ] (JavaScript's also takes \v and Unicode spaces). */
const SPACE = '\\t\\n\\f\\r ';

class Re2Error extends Error {
  constructor(
    message: string,
    readonly kind: 'unsupported' | 'unevaluated',
  ) {
    super(message);
  }
}

const cache = new Map<string, Re2>();

/** The pattern as a JavaScript RegExp matching the whole value, or why it cannot be one. */
export function compileRe2(pattern: string): Re2 {
  let hit = cache.get(pattern);
  if (!hit) {
    hit = translate(pattern);
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, hit);
  }
  return hit;
}

/** Whether `value` matches the whole RE2 pattern; a pattern kroute cannot read matches nothing. */
export function re2Matches(pattern: string, value: string): boolean {
  const r = compileRe2(pattern);
  return 'regex' in r && r.regex.test(value);
}

function translate(pattern: string): Re2 {
  try {
    const { body, flags } = new Translator(pattern).run();
    try {
      return { regex: new RegExp(`^(?:${body})$`, flags) };
    } catch (e) {
      return {
        problem: `not a valid regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, '')})`,
        kind: 'unsupported',
      };
    }
  } catch (e) {
    if (e instanceof Re2Error) return { problem: e.message, kind: e.kind };
    throw e;
  }
}

const unsupported = (what: string) => new Re2Error(`${what}: RE2 does not support it`, 'unsupported');
const unevaluated = (what: string) => new Re2Error(`${what}: valid RE2 that kroute does not evaluate`, 'unevaluated');

class Translator {
  private i = 0;
  private out = '';
  private flags = '';

  constructor(private readonly p: string) {}

  run(): { body: string; flags: string } {
    this.leadingFlags();
    while (this.i < this.p.length) this.token();
    return { body: this.out, flags: this.flags };
  }

  /** `(?i)`, `(?s)`, `(?m)` at the very start set the flags for the whole pattern, as JavaScript's flags do. */
  private leadingFlags(): void {
    const m = /^\(\?([imsU]+)\)/.exec(this.p);
    if (!m) return;
    if (m[1].includes('U')) throw unevaluated('the ungreedy flag (?U)');
    this.flags = [...new Set(m[1])].join('');
    this.i = m[0].length;
  }

  private token(): void {
    const c = this.p[this.i];
    switch (c) {
      case '\\':
        this.out += this.escape(false);
        return;
      case '[':
        this.charClass();
        return;
      case '(':
        this.group();
        return;
      case '.':
        this.i++;
        // RE2's . is any character but \n (with s: any); JavaScript's also leaves out \r, \u2028, \u2029.
        this.out += this.flags.includes('s') ? '[\\s\\S]' : '[^\\n]';
        return;
      case '*':
      case '+':
      case '?':
        this.i++;
        this.out += c;
        this.afterQuantifier();
        return;
      case '{': {
        const m = /^\{(\d+)(?:,(\d*))?\}/.exec(this.p.slice(this.i));
        if (!m) {
          this.i++;
          this.out += '\\{';
          return;
        }
        if (Number(m[1]) > MAX_REPEAT || (m[2] && Number(m[2]) > MAX_REPEAT))
          throw unsupported(`repetition count ${m[0]} above ${MAX_REPEAT}`);
        this.i += m[0].length;
        this.out += m[0];
        this.afterQuantifier();
        return;
      }
      case '}':
        this.i++;
        this.out += '\\}';
        return;
      default:
        this.i++;
        this.out += c;
    }
  }

  /** After a quantifier: `?` makes it lazy (both dialects); `+` would be possessive, which RE2 lacks. */
  private afterQuantifier(): void {
    if (this.p[this.i] === '?') {
      this.i++;
      this.out += '?';
    } else if (this.p[this.i] === '+') {
      throw unsupported(`the possessive quantifier at "${this.p.slice(Math.max(0, this.i - 1), this.i + 1)}"`);
    }
  }

  private group(): void {
    const rest = this.p.slice(this.i);
    if (!rest.startsWith('(?')) {
      this.i++;
      this.out += '(';
      return;
    }
    const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
    if (named) {
      this.i += named[0].length;
      this.out += `(?<${named[1]}>`;
      return;
    }
    if (rest.startsWith('(?:')) {
      this.i += 3;
      this.out += '(?:';
      return;
    }
    if (/^\(\?(=|!)/.test(rest)) throw unsupported(`the lookahead "${rest.slice(0, 3)}"`);
    if (/^\(\?<(=|!)/.test(rest)) throw unsupported(`the lookbehind "${rest.slice(0, 4)}"`);
    if (rest.startsWith('(?P=')) throw unsupported('the named backreference (?P=…)');
    if (rest.startsWith('(?>')) throw unsupported('the atomic group (?>…)');
    if (rest.startsWith('(?#')) throw unsupported('the comment group (?#…)');
    if (rest.startsWith('(?(')) throw unsupported('the conditional (?(…)…)');
    if (/^\(\?[-imsU]+[):]/.test(rest))
      throw unevaluated(`the inline flags "${/^\(\?[-imsU]+[):]/.exec(rest)![0]}" inside the pattern`);
    throw unsupported(`the group "${rest.slice(0, 3)}"`);
  }

  private charClass(): void {
    this.i++;
    this.out += '[';
    if (this.p[this.i] === '^') {
      this.i++;
      this.out += '^';
    }
    // A ] right after [ or [^ is a literal in RE2; JavaScript reads [] as an empty class.
    if (this.p[this.i] === ']') {
      this.i++;
      this.out += '\\]';
    }
    while (this.i < this.p.length && this.p[this.i] !== ']') {
      const c = this.p[this.i];
      if (c === '\\') this.out += this.escape(true);
      else if (c === '[') {
        // As RE2 does: from [: to the first :] is a class name, known or not.
        const posix = /^\[:(\^?)(.*?):\]/.exec(this.p.slice(this.i));
        if (posix) {
          const range = POSIX[posix[2]];
          if (!range) throw unsupported(`the character class name "${posix[0]}"`);
          if (posix[1]) throw unevaluated(`the negated class "${posix[0]}"`);
          this.i += posix[0].length;
          this.out += range;
        } else {
          this.i++;
          this.out += '\\[';
        }
      } else {
        this.i++;
        this.out += c;
      }
    }
    if (this.i >= this.p.length) throw unsupported('a character class without its closing "]"');
    this.i++;
    this.out += ']';
  }

  /** One escape at `\`; returns its JavaScript form. */
  private escape(inClass: boolean): string {
    const c = this.p.at(this.i + 1);
    if (c === undefined) throw unsupported('a trailing "\\"');
    this.i += 2;
    if (/[0-7]/.test(c)) return this.octal(c);
    if (c === '8' || c === '9') throw unsupported(`the backreference \\${c}`);
    switch (c) {
      case 'a':
        return '\\x07';
      case 'f':
      case 't':
      case 'n':
      case 'r':
      case 'v':
      case 'd':
      case 'D':
      case 'w':
      case 'W':
        return `\\${c}`;
      case 'b':
      case 'B':
        if (inClass) throw unsupported(`\\${c} inside a character class`);
        return `\\${c}`;
      case 's':
        return inClass ? SPACE : `[${SPACE}]`;
      case 'S':
        if (inClass) throw unevaluated('\\S inside a character class');
        return `[^${SPACE}]`;
      case 'A':
      case 'z':
        if (inClass) throw unsupported(`\\${c} inside a character class`);
        // Beginning and end of the text, whatever the flags (JavaScript's ^ and $ follow the m flag).
        return c === 'A' ? '(?<![\\s\\S])' : '(?![\\s\\S])';
      case 'x':
        return this.hex();
      case 'Q':
        return this.quoted();
      case 'p':
      case 'P':
        throw unevaluated(`the Unicode class \\${c}`);
      case 'C':
        throw unevaluated('\\C (any byte)');
      case 'k':
      case 'g':
        throw unsupported(`the backreference \\${c}`);
      default:
        // RE2 takes an escaped ASCII punctuation character as itself; any other escape (\Z, \e, \u…) is an error.
        if (/[A-Za-z]/.test(c) || c.charCodeAt(0) >= 0x80) throw unsupported(`the escape \\${c}`);
        return `\\${c}`;
    }
  }

  /**
   * RE2: `\0` and `\1`…`\7` followed by another octal digit start an octal code (up to three
   * digits); a lone `\1`…`\7` is a backreference, which RE2 rejects.
   */
  private octal(first: string): string {
    let digits = first;
    while (digits.length < 3 && /[0-7]/.test(this.p[this.i] ?? '')) digits += this.p[this.i++];
    if (first !== '0' && digits.length === 1) throw unsupported(`the backreference \\${first}`);
    return `\\u${parseInt(digits, 8).toString(16).padStart(4, '0')}`;
  }

  /** `\xHH` or `\x{H…}`. */
  private hex(): string {
    const rest = this.p.slice(this.i);
    const braced = /^\{([0-9A-Fa-f]{1,6})\}/.exec(rest);
    if (braced) {
      const code = parseInt(braced[1], 16);
      if (code > 0xffff) throw unevaluated(`the code point \\x{${braced[1]}} beyond U+FFFF`);
      this.i += braced[0].length;
      return `\\u${code.toString(16).padStart(4, '0')}`;
    }
    const two = /^[0-9A-Fa-f]{2}/.exec(rest);
    if (!two) throw unsupported('\\x without two hex digits or {…}');
    this.i += 2;
    return `\\x${two[0]}`;
  }

  /** `\Q…\E`: the text between taken literally. */
  private quoted(): string {
    const end = this.p.indexOf('\\E', this.i);
    const text = this.p.slice(this.i, end < 0 ? undefined : end);
    this.i = end < 0 ? this.p.length : end + 2;
    return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  }
}
