// tshark numbers only the packets it was given: its frame numbers map back to the capture's, also inside Info.
import { describe, expect, it } from 'vitest';
import { FrameMap, renumberInfo } from '../../src/driver/frame-map.js';
import type { PacketRecord } from '../../src/records/types.js';

/** A map that was told tshark got these capture frames, in this order. */
function given(...frames: number[]): FrameMap {
  const map = new FrameMap();
  for (const f of frames) map.give(f);
  return map;
}

function record(extra: Partial<PacketRecord>): PacketRecord {
  return {
    frame: 1,
    epochUs: 0,
    len: 60,
    src: null,
    dst: null,
    tcp: null,
    protocol: null,
    info: null,
    setupFrame: null,
    ...extra,
  };
}

describe('frame map', () => {
  it('maps frames one to one while every packet was given to tshark', () => {
    const map = given(1, 2, 3);
    expect([1, 2, 3].map((f) => map.captureFrame(f))).toEqual([1, 2, 3]);
  });

  it('maps a tshark frame past a skipped stretch to its capture frame', () => {
    // capture frames 4..9 were counted here: tshark's 4th packet is capture frame 10
    const map = given(1, 2, 3, 10, 11, 20);
    expect([3, 4, 5, 6].map((f) => map.captureFrame(f))).toEqual([3, 10, 11, 20]);
  });

  it('counts the packets given to tshark', () => {
    expect(given(1, 5, 9).tsharkFrames).toBe(3);
  });

  it("has no offset for tshark's own reading until the rest of the file is passed on", () => {
    expect(given(1, 2).opaqueOffset).toBeNull();
  });

  it('maps frames tshark read on its own, past an opaque block, by the offset at the hand-over', () => {
    const map = given(1, 2, 5);
    // 6 packets were read here (3 of them counted) when the rest of the file went to tshark unread
    map.passOn(6);
    expect(map.opaqueOffset).toBe(3);
    expect(map.captureFrame(4)).toBe(7);
    expect(map.captureFrame(3)).toBe(5);
  });

  it("renumbers the data channel's setup frame", () => {
    const rec = record({ setupFrame: 4 });
    given(1, 2, 3, 10).renumber(rec);
    expect(rec.setupFrame).toBe(10);
  });

  it('renumbers the duplicated frame in a "TCP Dup ACK" label of Info', () => {
    const rec = record({ info: '[TCP Dup ACK 4#2] 40000 → 21 [ACK] Seq=1 Ack=1' });
    given(1, 2, 3, 10).renumber(rec);
    expect(rec.info).toBe('[TCP Dup ACK 10#2] 40000 → 21 [ACK] Seq=1 Ack=1');
  });

  it('leaves a record without tshark frame numbers as it is', () => {
    const rec = record({ info: 'Response: 220 ready (frame 4)' });
    given(1, 2, 3, 10).renumber(rec);
    expect(rec).toEqual(record({ info: 'Response: 220 ready (frame 4)' }));
  });
});

describe('renumberInfo', () => {
  it('renumbers every Dup ACK label in the text', () => {
    const info = '[TCP Dup ACK 7#1] [TCP Dup ACK 8#2] 40000 → 21';
    expect(renumberInfo(info, (n) => n * 10)).toBe('[TCP Dup ACK 70#1] [TCP Dup ACK 80#2] 40000 → 21');
  });

  it('touches no other number, not even one after "Dup ACK " outside a label', () => {
    const info = 'Request: RETR Dup ACK 5#1.txt';
    expect(renumberInfo(info, (n) => n + 100)).toBe(info);
  });
});
