/**
 * The version of the platform → app execution protocol (docs/protocol.md, "Platform → app"). It grows
 * only on a breaking change; fields may be added within a version, and readers ignore fields
 * they do not know.
 *
 * @example
 * new Request(url, { headers: { [PROTOCOL_VERSION_HEADER]: String(PROTOCOL_VERSION) } })
 */
export const PROTOCOL_VERSION = 1

/** Sent on every execution request and response: the protocol version of the sender. */
export const PROTOCOL_VERSION_HEADER = 'x-backlot-protocol'
