// The rubric model: criteria, each a named check of the report model with parameters, a weight and a kind.

import type { ClosedBy, LoginOutcome, SetupCommand, TransferStatus } from '../model.js';
import type { LocalText } from './lang.js';

/** The checks a criterion can use; each reads facts of the report model (src/model.ts). */
export const CHECK_NAMES = ['control-handshake', 'login', 'transfer', 'data-teardown', 'command', 'finding'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** control-handshake: some FTP control session's TCP handshake (SYN, SYN/ACK, ACK) is in the capture. */
export type HandshakeWhere = Record<string, never>;

/** login: a login attempt (USER, then PASS unless withPassword is false) with the wanted outcome. */
export interface LoginWhere {
  /** The attempt's outcome as the engine decided it (LoginAttempt.outcome: 2xx success, 4xx/5xx failed). */
  outcome: Exclude<LoginOutcome, 'unknown'>;
  /** The final reply must be exactly this code (e.g. 230); any code of the outcome's class when absent. */
  replyCode?: number;
  /** A PASS command must be part of the attempt (default true). */
  withPassword: boolean;
  /** The USER argument must be exactly this. */
  user?: string;
  /** The user must (true) or must not (false) be anonymous/ftp/guest. */
  anonymous?: boolean;
}

/** transfer: a transfer (LIST, RETR, STOR …) whose facts match every condition given. */
export interface TransferWhere {
  /** Active (PORT/EPRT/LPRT) or passive (PASV/EPSV/LPSV). */
  mode?: 'active' | 'passive';
  /** The data-channel set-up command, one of these (e.g. ["PORT", "EPRT"]). */
  setup?: SetupCommand[];
  /** The transfer command, one of these (upper case). */
  command?: string[];
  /** One of these directions. */
  direction?: ('download' | 'upload' | 'listing')[];
  /** Who opened the data connection; a transfer with no data connection in the capture never matches. */
  initiator?: 'client' | 'server';
  /** One of these statuses ("complete": a 2xx final reply). */
  status?: TransferStatus[];
  /** At least this many payload bytes moved in the transfer's direction. */
  minBytes?: number;
  /** The control channel carried this reply to the transfer command (e.g. 226). */
  replyCode?: number;
  /** The data connection was opened from this port (e.g. 20 for classic active mode). */
  dataSrcPort?: number;
  /** The data connection was opened before (true) or after (false) the transfer command. */
  openedBeforeCommand?: boolean;
}

/** data-teardown: a transfer's data connection whose close (FIN, or RST if allowed) is in the capture. */
export interface TeardownWhere {
  /** Who may have closed it (default ["client", "server"]: a FIN, not a reset). */
  closedBy: Exclude<ClosedBy, 'none'>[];
  /** Only data connections of transfers in this mode. */
  mode?: 'active' | 'passive';
}

/** command: the client sent one of these commands (and, when given, got one of these final replies). */
export interface CommandWhere {
  /** Upper-case verbs. */
  command: string[];
  /** The command's final reply, one of these codes. */
  replyCode?: number[];
}

/** finding: the report lists a finding with one of these ids (e.g. "cleartext-credentials"). */
export interface FindingWhere {
  /** Finding ids (src/model.ts Finding.id). */
  id: string[];
}

export interface WhereByCheck {
  'control-handshake': HandshakeWhere;
  login: LoginWhere;
  transfer: TransferWhere;
  'data-teardown': TeardownWhere;
  command: CommandWhere;
  finding: FindingWhere;
}

/** The mistake a rubric names for a criterion: listed in the mistakes column when the criterion fails. */
export interface RubricMistake {
  /** Kebab-case code, e.g. "no-epsv". */
  id: string;
  /** What it means, per language; absent: "not met: <criterion title>" in the gradebook's language. */
  message?: LocalText;
}

interface CriterionBase {
  /** Stable id: the gradebook's column name (letters, digits, - and _). */
  id: string;
  /** What the student had to show, one line, per language (English required). */
  title: LocalText;
  /** A longer note for whoever edits the rubric. */
  description?: string;
  /** The mistake code listed when the criterion fails; absent: the built-in mistakes that explain the failure. */
  mistake?: RubricMistake;
  /** What to redo when the criterion fails, per language; absent: advice made from the criterion's check. */
  hint?: LocalText;
  /** Points the criterion is worth (default 1). */
  weight: number;
  /** A capture misses the lab's program when a required criterion fails (default true, false for bonus). */
  required: boolean;
  /** Bonus points: added to the score when passed, never counted in the maximum score. */
  bonus: boolean;
}

/** One criterion: a check and its conditions. */
export type Criterion = {
  [C in CheckName]: CriterionBase & { check: C; where: WhereByCheck[C] };
}[CheckName];

export interface Rubric {
  /** Shown at the top of the class summary, per language. */
  title: LocalText;
  /** Shown under the title, per language. */
  description?: LocalText;
  /**
   * Share (0–1) of each passed criterion's weight that a capture cut short earns (truncated or damaged: tshark
   * stopped part-way): 1 grades what its readable part shows in full, 0 leaves such a capture ungraded.
   */
  partialCredit: number;
  /** In the gradebook's column order. */
  criteria: Criterion[];
}

/** The maximum score: the weights of every criterion that is not a bonus. */
export function maxScoreOf(rubric: Rubric): number {
  return roundScore(rubric.criteria.filter((c) => !c.bonus).reduce((sum, c) => sum + c.weight, 0));
}

/** Scores are kept to two decimals so weights like 0.1 add up as people expect. */
export function roundScore(n: number): number {
  return Math.round(n * 100) / 100;
}
