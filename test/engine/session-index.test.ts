// The session index a new connection asks for its sessions: by host pair, and only the open ones.
import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../src/engine/session.js';
import { SessionIndex } from '../../src/engine/session-index.js';

/** The parts of a session the index reads (its hosts and whether its control connection closed). */
function session(client: string, server: string): SessionState & { close(): void } {
  const conn = { isClosed: false };
  return {
    client: { ip: client, port: 40000 },
    server: { ip: server, port: 21 },
    conn,
    close: () => {
      conn.isClosed = true;
    },
  } as unknown as SessionState & { close(): void };
}

describe('SessionIndex', () => {
  it('finds a host pair either way round; openBetween leaves out closed sessions, between keeps them', () => {
    const index = new SessionIndex();
    const a = session('10.0.0.2', '10.0.0.1');
    const b = session('10.0.0.2', '10.0.0.1');
    const c = session('10.0.0.3', '10.0.0.1');
    for (const s of [a, b, c]) index.add(s);
    expect(index.openBetween('10.0.0.1', '10.0.0.2')).toEqual([a, b]);
    a.close();
    expect(index.openBetween('10.0.0.2', '10.0.0.1')).toEqual([b]);
    expect(index.between('10.0.0.1', '10.0.0.2')).toEqual([a, b]);
    b.close();
    expect(index.openBetween('10.0.0.2', '10.0.0.1')).toEqual([]);
    const d = session('10.0.0.1', '10.0.0.2');
    index.add(d);
    expect(index.openBetween('10.0.0.2', '10.0.0.1')).toEqual([d]);
    expect(index.openBetween('10.0.0.3', '10.0.0.1')).toEqual([c]);
    expect(index.all).toEqual([a, b, c, d]);
  });

  it('a new connection between two hosts with thousands of closed sessions looks at the open ones only', () => {
    const index = new SessionIndex();
    let reads = 0;
    for (let i = 0; i < 5000; i++) {
      const s = session('10.0.0.2', '10.0.0.1');
      const conn = { closed: i < 4998 };
      Object.defineProperty(s, 'conn', {
        value: {
          get isClosed() {
            reads += 1;
            return conn.closed;
          },
        },
      });
      index.add(s);
    }
    expect(index.openBetween('10.0.0.1', '10.0.0.2')).toHaveLength(2);
    reads = 0;
    for (let i = 0; i < 100; i++) expect(index.openBetween('10.0.0.1', '10.0.0.2')).toHaveLength(2);
    expect(reads).toBe(200);
  });
});
