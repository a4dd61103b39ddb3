// The streams a command writes to, given by main.ts (tests pass their own).

/** What the program asks the caller to do with its streams. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stderrIsTty: boolean;
  /** Whether stdout is a terminal (CSV then shows control characters as \xNN); read from process.stdout when absent. */
  stdoutIsTty?: boolean;
}
