// Facts every report must hold whatever the capture (issue 12): a reply never before its command, no negative
// latency, no multi-line reply that swallowed another reply's final line, every transfer command answered 1xx is a
// transfer, and no `complete` transfer short of the size its 150 announced unless the report says bytes were lost.

import type { Report } from '../src/model.js';
import { TRANSFER_COMMANDS } from '../src/protocol/ftp.js';

/** A final line of a reply: three digits and a space (RFC 959 §4.2). */
const FINAL_LINE = /^([1-5]\d\d) /;

/** Every broken invariant of a report, one sentence each (empty when the report is sound). */
export function checkInvariants(report: Report): string[] {
  const out: string[] = [];
  for (const s of report.sessions) {
    for (const c of s.commands) {
      const at = `${s.id} ${c.command} (frame ${c.frame})`;
      const r = c.reply;
      if (r) {
        if (r.frame <= c.frame) out.push(`${at}: reply ${r.code} at frame ${r.frame} came before the command`);
        if (r.latencyMs < 0) out.push(`${at}: negative latency ${r.latencyMs} ms`);
        for (const i of r.intermediate) {
          if (i.frame <= c.frame) out.push(`${at}: preliminary ${i.code} at frame ${i.frame} came before the command`);
        }
        // Continuation lines are kept as sent (with their codes); a line "ddd " with another code is another
        // reply's final line that the multi-line reply swallowed.
        const lines = r.text.split('\n').slice(1);
        for (const line of lines) {
          const m = FINAL_LINE.exec(line);
          if (m && Number(m[1]) !== r.code)
            out.push(`${at}: multi-line ${r.code} holds another reply's line "${line}"`);
        }
      }
      const oneXx = (r && r.code < 200) || (r?.intermediate.some((i) => i.code < 200) ?? false);
      if (c.command in TRANSFER_COMMANDS && oneXx && !s.transfers.some((t) => t.commandFrame === c.frame)) {
        out.push(`${at}: answered 1xx but is not a transfer`);
      }
    }
    for (const t of s.transfers) {
      const c = s.commands[t.commandIndex];
      if (!c || c.frame !== t.commandFrame) out.push(`${s.id}-${t.id}: commandIndex does not point at its command`);
      const stated = c?.statedSize ?? null;
      if (t.status !== 'complete' || stated === null || t.direction !== 'download') continue;
      // bytes null: the data connection is not in the capture, and the report says so by not counting any.
      if (t.bytes === null) continue;
      const seen = t.bytes;
      const lossSaid =
        t.missingBytes > 0 ||
        report.warnings.some(
          (w) => w.code === 'transfer-bytes-missing' && w.sessionId === s.id && w.transferId === t.id,
        );
      if (seen < stated && !lossSaid) {
        out.push(`${s.id}-${t.id}: complete with ${seen} of the ${stated} bytes announced, no loss stated`);
      }
    }
  }
  return out;
}
