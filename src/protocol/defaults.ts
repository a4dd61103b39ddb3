// The defaults every layer shares, spelled once: row limits and detection.

/** Recognise FTP control sessions on any port by their first payload unless told not to. */
export const DEFAULT_DETECT_FTP = true;

/** Packet rows a data connection keeps besides its handshake and teardown: its first and its last. */
export const DEFAULT_DATA_ROWS = { head: 10, tail: 10 } as const;

/**
 * Segments of a data connection the capture selector gives tshark: the rows shown plus enough around
 * them for tshark's TCP analysis (retransmission and ACK labels) to settle as it would on the whole capture.
 */
export const SELECT_LIMITS = { head: DEFAULT_DATA_ROWS.head + 8, tail: DEFAULT_DATA_ROWS.tail + 16 } as const;

/** Packet-table rows per data connection before the Markdown report collapses its middle. */
export const DEFAULT_MAX_ROWS = 40;

/** Data-channel expectations open at once before the oldest is dropped (Zeek keeps 100,000). */
export const DEFAULT_MAX_EXPECTATIONS = 100_000;

/**
 * Seconds of capture time an announced data-channel address waits for its connection before it expires
 * (Zeek and Suricata expire theirs on packet time too); a client connects within seconds of PASV/PORT.
 */
export const DEFAULT_EXPECTATION_TIMEOUT_S = 300;
