// The passwords each client address tried, for the password-spraying finding, kept off the JavaScript heap.
//
// Spraying is one password tried with many user names, so any password may turn out sprayed by a later session:
// every distinct (client, password) pair needs an entry to the end of the capture. What is bounded is its cost:
// a password tried once is one 32-byte entry plus its characters (2 bytes each) and an 8-byte hash slot, in typed
// arrays outside the V8 heap (whose size the garbage collector multiplies); only a password tried again becomes a
// PasswordUse object with its user names and evidence frames. The password is only a key here, never reported.

/** The smallest `EVIDENCE_FRAMES` frames of those added, ascending (duplicates kept), and how many were added. */
export interface FrameSample {
  readonly frames: readonly number[];
  readonly count: number;
  add(frame: number): void;
}

/** One password tried more than once by one client address. */
export interface PasswordUse {
  users: Set<string>;
  frames: FrameSample;
  sessions: number;
  /** The number of the session (in the order they were added) that last used it. */
  lastSession: number;
  succeeded: number;
}

/** Words of one entry: client, where its characters start, their count, promoted use (or NONE), then the attempt. */
const ENTRY = 8;
const NONE = 0xffffffff;

export class PasswordTally {
  /** The passwords' UTF-16 code units, one after another. */
  private chars = new Uint16Array(1024);
  private charsUsed = 0;
  /** Entries in the order they were first tried: [client, charsAt, length, use, frame, user, session, succeeded]. */
  private entries = new Uint32Array(ENTRY * 256);
  private count = 0;
  /** Open addressing: per slot the key's hash and its entry + 1 (0: empty). */
  private slots = new Uint32Array(2 * 1024);
  private mask = 1023;
  /** Passwords tried more than once. */
  private readonly uses: PasswordUse[] = [];
  /** User names, each once (entries hold their index). */
  private readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();

  constructor(private readonly newSample: () => FrameSample) {}

  /** Counts an attempt of `password` by client number `client`, user `user`, in session number `session`. */
  add(client: number, password: string, frame: number, user: string, session: number, succeeded: boolean): void {
    const hash = hashOf(client, password);
    const slot = this.find(hash, client, password);
    const e = this.slots[slot * 2 + 1]!;
    if (e === 0) {
      this.insert(slot, hash, client, password, frame, this.nameOf(user), session, succeeded);
      return;
    }
    const at = (e - 1) * ENTRY;
    let use: PasswordUse;
    if (this.entries[at + 3] === NONE) {
      use = this.single(at);
      this.entries[at + 3] = this.uses.length;
      this.uses.push(use);
    } else use = this.uses[this.entries[at + 3]!]!;
    use.users.add(user);
    use.frames.add(frame);
    if (use.lastSession !== session) {
      use.sessions += 1;
      use.lastSession = session;
    }
    if (succeeded) use.succeeded += 1;
  }

  /**
   * The passwords each client tried with at least `minUsers` user names, per client number, in the order each was
   * first tried.
   */
  withUsers(minUsers: number): Map<number, PasswordUse[]> {
    const out = new Map<number, PasswordUse[]>();
    for (let i = 0; i < this.count; i += 1) {
      const at = i * ENTRY;
      const u = this.entries[at + 3]!;
      if (u === NONE ? minUsers > 1 : this.uses[u]!.users.size < minUsers) continue;
      const client = this.entries[at]!;
      const list = out.get(client) ?? [];
      list.push(u === NONE ? this.single(at) : this.uses[u]!);
      out.set(client, list);
    }
    return out;
  }

  /** The attempt of a password tried once, as a PasswordUse. */
  private single(at: number): PasswordUse {
    const frames = this.newSample();
    frames.add(this.entries[at + 4]!);
    return {
      users: new Set([this.names[this.entries[at + 5]!]!]),
      frames,
      sessions: 1,
      lastSession: this.entries[at + 6]!,
      succeeded: this.entries[at + 7]!,
    };
  }

  private nameOf(user: string): number {
    let i = this.nameIndex.get(user);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(user);
      this.nameIndex.set(user, i);
    }
    return i;
  }

  /** The slot holding (client, password), or the empty one where it would go. */
  private find(hash: number, client: number, password: string): number {
    for (let i = hash & this.mask; ; i = (i + 1) & this.mask) {
      const e = this.slots[i * 2 + 1]!;
      if (e === 0) return i;
      if (this.slots[i * 2] === hash && this.isKey((e - 1) * ENTRY, client, password)) return i;
    }
  }

  private isKey(at: number, client: number, password: string): boolean {
    if (this.entries[at] !== client || this.entries[at + 2] !== password.length) return false;
    const from = this.entries[at + 1]!;
    for (let i = 0; i < password.length; i += 1) if (this.chars[from + i] !== password.charCodeAt(i)) return false;
    return true;
  }

  private insert(
    slot: number,
    hash: number,
    client: number,
    password: string,
    frame: number,
    user: number,
    session: number,
    succeeded: boolean,
  ): void {
    this.chars = room(this.chars, this.charsUsed + password.length);
    for (let i = 0; i < password.length; i += 1) this.chars[this.charsUsed + i] = password.charCodeAt(i);
    this.entries = room(this.entries, (this.count + 1) * ENTRY);
    const at = this.count * ENTRY;
    this.entries.set([client, this.charsUsed, password.length, NONE, frame, user, session, succeeded ? 1 : 0], at);
    this.charsUsed += password.length;
    this.count += 1;
    this.slots[slot * 2] = hash;
    this.slots[slot * 2 + 1] = this.count;
    if (this.count * 4 > (this.mask + 1) * 3) this.grow();
  }

  private grow(): void {
    const old = this.slots;
    this.mask = this.mask * 2 + 1;
    this.slots = new Uint32Array((this.mask + 1) * 2);
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === 0) continue;
      let j = old[i]! & this.mask;
      while (this.slots[j * 2 + 1] !== 0) j = (j + 1) & this.mask;
      this.slots[j * 2] = old[i]!;
      this.slots[j * 2 + 1] = old[i + 1]!;
    }
  }
}

/** FNV-1a over the client number and the password's code units. */
function hashOf(client: number, password: string): number {
  let h = Math.imul(0x811c9dc5 ^ client, 0x01000193);
  for (let i = 0; i < password.length; i += 1) h = Math.imul(h ^ password.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** `a`, or a copy of it at least twice as long, with room for `n` elements. */
function room<T extends Uint16Array | Uint32Array>(a: T, n: number): T {
  if (n <= a.length) return a;
  let size = a.length * 2;
  while (size < n) size *= 2;
  const grown = new (a.constructor as new (n: number) => T)(size);
  grown.set(a);
  return grown;
}
