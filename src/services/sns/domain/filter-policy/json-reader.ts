/**
 * A pull reader for JSON text that knows where it is, so that policy errors can say what AWS
 * says. AWS parses filter and redrive policies with Jackson and ends its messages with
 * `\n at [Source: REDACTED (…); line: L, column: C]`, where C is one past the parser's pointer:
 * after the last token it consumed, or just after the opening quote of a string whose text it has
 * not read yet [AWS-recorded positions, LocalStack test_sns_filter_policy snapshots]. `pointer`
 * values here follow that rule; `location()` turns one into (line, column).
 *
 * States: a stack of open containers, each `start` (just opened), `value` (object: a field name
 * was read, its value is next) or `after` (a value was read: `,` or the close is next).
 */

export type TokenKind = '{' | '}' | '[' | ']' | 'field' | 'string' | 'number' | 'true' | 'false' | 'null' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Offset of the token's first character (the opening quote of a string). */
  readonly start: number;
  /** Offset just past the token. */
  readonly end: number;
  /** Field names and strings: the decoded text; numbers: the literal. */
  readonly text: string;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly pointer: number,
  ) {
    super(message);
  }
}

interface Frame {
  readonly kind: 'object' | 'array';
  state: 'start' | 'value' | 'after';
}

const VALUE_EXPECTED = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
const describe = (c: string) => `'${c}' (code ${c.codePointAt(0)})`;

export class JsonReader {
  private i = 0;
  private readonly stack: Frame[] = [];
  private rootDone = false;

  constructor(readonly text: string) {}

  /** Where an error at `pointer` is, as Jackson reports it (1-based line and column). */
  location(pointer: number): { line: number; column: number } {
    let line = 1;
    let lineStart = 0;
    for (let k = 0; k < pointer && k < this.text.length; k++) {
      if (this.text.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
    }
    return { line, column: pointer - lineStart + 1 };
  }

  next(): Token {
    this.skipSpace();
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      if (this.rootDone) return this.token('eof', this.i, this.i, '');
      this.rootDone = true;
      return this.value();
    }
    const c = this.text[this.i];
    if (top.kind === 'object') {
      if (top.state === 'value') return this.value();
      if (c === '}') return this.close('}');
      if (top.state === 'after') {
        if (c !== ',') this.fail(c, 'was expecting comma to separate Object entries');
        this.i++;
        this.skipSpace();
      }
      if (this.text[this.i] !== '"') this.fail(this.text[this.i], 'was expecting double-quote to start field name');
      const start = this.i;
      const name = this.string();
      const end = this.i;
      this.skipSpace();
      if (this.text[this.i] !== ':') this.fail(this.text[this.i], 'was expecting a colon to separate field name and value');
      this.i++;
      top.state = 'value';
      return this.token('field', start, end, name);
    }
    if (c === ']') return this.close(']');
    if (top.state === 'after') {
      if (c !== ',') this.fail(c, 'was expecting comma to separate Array entries');
      this.i++;
      this.skipSpace();
    }
    return this.value();
  }

  private value(): Token {
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.state = 'after';
    const start = this.i;
    const c = this.text[this.i];
    if (c === undefined) throw new JsonSyntaxError(`Unexpected end-of-input: expected a value ${VALUE_EXPECTED}`, this.i);
    if (c === '{' || c === '[') {
      this.i++;
      this.stack.push({ kind: c === '{' ? 'object' : 'array', state: 'start' });
      return this.token(c, start, this.i, c);
    }
    if (c === '"') {
      const s = this.string();
      return this.token('string', start, this.i, s);
    }
    if (c === '-' || (c >= '0' && c <= '9')) return this.number(start);
    if (/[A-Za-z_$]/.test(c)) {
      while (this.i < this.text.length && /[A-Za-z0-9_$]/.test(this.text[this.i]!)) this.i++;
      const word = this.text.slice(start, this.i);
      if (word === 'true' || word === 'false' || word === 'null') return this.token(word, start, this.i, word);
      throw new JsonSyntaxError(`Unrecognized token '${word}': was expecting ${VALUE_EXPECTED}`, this.i);
    }
    this.fail(c, `expected a valid value ${VALUE_EXPECTED}`);
  }

  private close(c: '}' | ']'): Token {
    this.stack.pop();
    this.i++;
    return this.token(c, this.i - 1, this.i, c);
  }

  private number(start: number): Token {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(start, start + 400));
    if (!m || m[0] === '-') throw new JsonSyntaxError("Unexpected character ('-' (code 45)) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value", start + 1);
    this.i = start + m[0].length;
    if (m[1] === '0' && /\d/.test(this.text[this.i] ?? '')) throw new JsonSyntaxError('Invalid numeric value: Leading zeroes not allowed', this.i + 1);
    return this.token('number', start, this.i, m[0]);
  }

  /** Reads a string starting at the opening quote; leaves the pointer after the closing quote. */
  private string(): string {
    let out = '';
    this.i++;
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined) throw new JsonSyntaxError('Unexpected end-of-input: was expecting closing quote for a string value', this.i);
      this.i++;
      if (c === '"') return out;
      if (c === '\\') {
        const e = this.text[this.i++];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) out += simple[e];
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i, this.i + 4))) {
          out += String.fromCharCode(parseInt(this.text.slice(this.i, this.i + 4), 16));
          this.i += 4;
        } else throw new JsonSyntaxError(`Unrecognized character escape ${describe(e ?? '')}`, this.i);
      } else if (c.charCodeAt(0) < 32) {
        throw new JsonSyntaxError(`Illegal unquoted character ((CTRL-CHAR, code ${c.charCodeAt(0)})): has to be escaped using backslash to be included in string value`, this.i);
      } else out += c;
    }
  }

  private skipSpace(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i]!)) this.i++;
  }

  private fail(c: string | undefined, expectation: string): never {
    if (c === undefined) throw new JsonSyntaxError(`Unexpected end-of-input: ${expectation.replace(/^was /, '')}`, this.i);
    throw new JsonSyntaxError(`Unexpected character (${describe(c)}): ${expectation}`, this.i);
  }

  private token(kind: TokenKind, start: number, end: number, text: string): Token {
    return { kind, start, end, text };
  }
}

/**
 * Jackson's complaint about a JSON text, with its location suffix as AWS prints it, or undefined
 * when the text is well-formed (used for "<Attribute>: failed to parse JSON. <complaint>").
 */
export function jacksonComplaint(text: string): string | undefined {
  const r = new JsonReader(text);
  try {
    let depth = 0;
    for (;;) {
      const t = r.next();
      if (t.kind === 'eof') return undefined;
      if (t.kind === '{' || t.kind === '[') depth++;
      else if (t.kind === '}' || t.kind === ']') depth--;
      if (depth === 0) return undefined; // the root value is complete (Jackson ignores what follows)
    }
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const { line, column } = r.location(e.pointer);
    return `${e.message}\n at [Source: REDACTED (\`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION\` disabled); line: ${line}, column: ${column}]`;
  }
}

/**
 * The root value of a JSON text as Jackson reads it: what follows a complete root value is ignored
 * (so `{"a":1} x` is `{"a":1}`, as jacksonComplaint accepts it). Policies that passed
 * jacksonComplaint are read with this, never with a bare JSON.parse, which would throw on such a
 * text and turn a 400 into a 500. Throws a SyntaxError on a text jacksonComplaint rejects.
 */
export function parseJsonRoot(text: string): unknown {
  const r = new JsonReader(text);
  let depth = 0;
  for (;;) {
    const t = r.next();
    if (t.kind === 'eof') throw new SyntaxError('no JSON value');
    if (t.kind === '{' || t.kind === '[') depth++;
    else if (t.kind === '}' || t.kind === ']') depth--;
    if (depth === 0) return JSON.parse(text.slice(0, t.end)) as unknown;
  }
}
