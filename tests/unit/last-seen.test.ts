import { describe, expect, it } from "vitest";
import { formatLastSeen } from "@/lib/last-seen";

const now = new Date("2026-12-03T14:00:00.000Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const s = 1000;
const min = 60 * s;
const h = 60 * min;

const cases: [string, Date | string | null, string][] = [
  ["never online", null, "never seen online"],
  ["an unreadable date", "not a date", "never seen online"],
  ["this instant", now, "last seen just now"],
  ["59 seconds ago", ago(59 * s), "last seen just now"],
  ["a clock slightly ahead (future)", new Date(now.getTime() + 5 * s), "last seen just now"],
  ["exactly 1 minute ago", ago(min), "last seen 1 min ago"],
  ["5 minutes 59 seconds ago", ago(5 * min + 59 * s), "last seen 5 min ago"],
  ["59 minutes ago", ago(59 * min), "last seen 59 min ago"],
  ["exactly 1 hour ago", ago(h), "last seen 1 h ago"],
  ["3 hours 40 minutes ago", ago(3 * h + 40 * min), "last seen 3 h ago"],
  ["23 hours 59 minutes ago", ago(23 * h + 59 * min), "last seen 23 h ago"],
  ["exactly 24 hours ago", ago(24 * h), "last seen yesterday"],
  ["47 hours ago", ago(47 * h), "last seen yesterday"],
  ["48 hours ago", ago(48 * h), "last seen Dec 1"],
  ["an ISO string from earlier this year", "2026-03-03T09:00:00.000Z", "last seen Mar 3"],
  ["last year: the year is named", "2025-03-03T09:00:00.000Z", "last seen Mar 3, 2025"],
];

describe("formatLastSeen", () => {
  it.each(cases)("%s → %s", (_name, lastSeenAt, expected) => {
    expect(formatLastSeen(lastSeenAt, now, { timeZone: "UTC" })).toBe(expected);
  });

  it("dates follow the given time zone's calendar", () => {
    // 23:30 UTC on Mar 3 is already Mar 4 in Tokyo.
    expect(formatLastSeen("2026-03-03T23:30:00.000Z", now, { timeZone: "Asia/Tokyo" })).toBe("last seen Mar 4");
  });
});
