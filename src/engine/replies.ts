// Joins server lines into replies: single-line "ddd text" and multi-line "ddd-" … "ddd text" (RFC 959 §4.2).

import type { ControlLine } from './control-stream.js';

/** One complete reply as the server sent it. */
export interface RawReply {
  /** Three-digit code, null when the line did not start with one. */
  code: number | null;
  /** Text without the codes of the first and last line, lines joined with "\n". */
  text: string;
  /** Frame of the last line. */
  frame: number;
  t: number;
  firstFrame: number;
  /** Time of the first line's first segment. */
  firstT: number;
  /** What was wrong with it, if anything. */
  malformed: 'invalid-code' | 'missing-space' | 'code-out-of-range' | 'unterminated' | 'cut-by-gap' | null;
  /** Number of lines. */
  lines: number;
}

const CODE = /^(\d{3})(.?)/;

export class ReplyReader {
  private open: { code: number; codeText: string; texts: string[]; firstFrame: number; firstT: number } | null = null;

  /** No multi-line reply is open: finish() would return nothing. */
  get idle(): boolean {
    return this.open === null;
  }

  /** Feeds one server line; returns a reply when the line completes one. */
  push(line: ControlLine): RawReply | null {
    const text = line.text;
    if (this.open) {
      const c = this.open.codeText;
      const ends = text === c || (text.startsWith(c) && text[3] === ' ');
      if (!ends) {
        this.open.texts.push(text.startsWith(`${c}-`) ? text.slice(4) : text);
        return null;
      }
      this.open.texts.push(text.slice(4));
      const reply: RawReply = {
        code: this.open.code,
        text: this.open.texts.join('\n'),
        frame: line.frame,
        t: line.t,
        firstFrame: this.open.firstFrame,
        firstT: this.open.firstT,
        malformed: null,
        lines: this.open.texts.length,
      };
      this.open = null;
      return reply;
    }
    const m = CODE.exec(text);
    if (!m) {
      return {
        code: null,
        text,
        frame: line.frame,
        t: line.t,
        firstFrame: line.firstFrame,
        firstT: line.firstT,
        malformed: 'invalid-code',
        lines: 1,
      };
    }
    const codeText = m[1]!;
    const code = Number(codeText);
    const sep = m[2]!;
    const outOfRange = code < 100 || code > 699; // 6xx: protected replies (RFC 2228)
    if (sep === '-' && !outOfRange) {
      this.open = { code, codeText, texts: [text.slice(4)], firstFrame: line.firstFrame, firstT: line.firstT };
      return null;
    }
    let malformed: RawReply['malformed'] = null;
    if (outOfRange) malformed = 'code-out-of-range';
    else if (sep !== ' ' && sep !== '') malformed = 'missing-space';
    return {
      code,
      text: sep === ' ' || sep === '-' ? text.slice(4) : text.slice(3),
      frame: line.frame,
      t: line.t,
      firstFrame: line.firstFrame,
      firstT: line.firstT,
      malformed,
      lines: 1,
    };
  }

  /**
   * The capture lost server bytes: an open multi-line reply cannot be known to end (its final line may be among the
   * lost bytes), so it is closed as it stands rather than swallow the replies that follow the gap.
   */
  cut(lastFrame: number, t: number): RawReply | null {
    const reply = this.finish(lastFrame, t);
    if (reply) reply.malformed = 'cut-by-gap';
    return reply;
  }

  /** End of capture: an unfinished multi-line reply, returned as it stands. */
  finish(lastFrame: number, t: number): RawReply | null {
    if (!this.open) return null;
    const reply: RawReply = {
      code: this.open.code,
      text: this.open.texts.join('\n'),
      frame: lastFrame,
      t,
      firstFrame: this.open.firstFrame,
      firstT: this.open.firstT,
      malformed: 'unterminated',
      lines: this.open.texts.length,
    };
    this.open = null;
    return reply;
  }
}
