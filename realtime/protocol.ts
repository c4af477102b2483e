// Wire encoding. Server-sent `data` is always a JSON string inside the JSON frame (double-encoded),
// as hosted Pusher does and pusher-js expects.

export const CloseCode = {
  unknownApp: 4001,
  overQuota: 4004,
  unsupportedProtocol: 4007,
  noProtocol: 4008,
  unauthorized: 4009,
  overCapacity: 4100,
  reconnect: 4200,
  pongNotReceived: 4201,
  inactive: 4202,
} as const;

export const ErrorCode = {
  clientEventRateLimit: 4301,
  watchlistOverLimit: 4302,
} as const;

/** One frame as text, with `data` serialised once. `data` that is already a string is sent as is. */
export function encodeFrame(event: string, channel: string | undefined, data: unknown, extra?: Record<string, unknown>): string {
  const payload = typeof data === "string" ? data : JSON.stringify(data ?? {});
  return JSON.stringify(channel === undefined ? { event, data: payload, ...extra } : { event, channel, data: payload, ...extra });
}

export function errorFrame(message: string, code: number | null): string {
  // pusher:error data is an object, not a string: pusher-js reads data.code directly.
  return JSON.stringify({ event: "pusher:error", data: { code, message } });
}

export interface ClientFrame {
  event: string;
  channel?: unknown;
  data?: unknown;
}

/** Parses a client frame; `data` may be an object or a JSON string (both occur in the wild). */
export function decodeClientFrame(text: string): ClientFrame | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return null;
  const frame = parsed as Record<string, unknown>;
  if (typeof frame.event !== "string") return null;
  return { event: frame.event, channel: frame.channel, data: frame.data };
}

/** For pusher:* events whose data should be an object: accepts an object or a JSON string of one. */
export function objectData(data: unknown): Record<string, unknown> | null {
  if (typeof data === "string") {
    try {
      data = JSON.parse(data);
    } catch {
      return null;
    }
  }
  return data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
}
