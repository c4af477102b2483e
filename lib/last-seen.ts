// "last seen 5 min ago": how long ago a person was last online, in words. Shared by server and
// client (no server-only); whether someone is online now comes from live presence, not from here.

const minute = 60_000;
const hour = 60 * minute;

/**
 * The last-seen text for `lastSeenAt` as of `now`; a time in the future (clock skew) is "just now".
 * `timeZone` fixes the calendar for dates (tests; the browser's own zone otherwise).
 */
export function formatLastSeen(lastSeenAt: Date | string | null, now: Date, { timeZone }: { timeZone?: string } = {}): string {
  if (lastSeenAt === null) return "never seen online";
  const seen = typeof lastSeenAt === "string" ? new Date(lastSeenAt) : lastSeenAt;
  if (Number.isNaN(seen.getTime())) return "never seen online";
  const ago = now.getTime() - seen.getTime();
  if (ago < minute) return "last seen just now";
  if (ago < hour) return `last seen ${Math.floor(ago / minute)} min ago`;
  if (ago < 24 * hour) return `last seen ${Math.floor(ago / hour)} h ago`;
  if (ago < 48 * hour) return "last seen yesterday";
  const sameYear = calendarYear(seen, timeZone) === calendarYear(now, timeZone);
  const date = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", ...(sameYear ? {} : { year: "numeric" }), timeZone }).format(seen);
  return `last seen ${date}`;
}

function calendarYear(date: Date, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat("en", { year: "numeric", timeZone }).format(date);
}
