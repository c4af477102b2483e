import { describe, expect, it } from "vitest";
import { shouldNotify, type ConversationKind, type NotifyLevel } from "@/lib/notification-rules";

const levels: NotifyLevel[] = ["ALL", "MENTIONS", "NOTHING"];
const kinds: ConversationKind[] = ["ROOM", "DIRECT", "GROUP"];

// Every level × kind × mentioned for a member who is not muted and not the author: written out,
// not derived, so a change to the rule has to change this table too.
const notMutedNotAuthor: [NotifyLevel, ConversationKind, boolean, boolean][] = [
  // level      kind      mentioned  notified
  ["ALL", "ROOM", false, true],
  ["ALL", "ROOM", true, true],
  ["ALL", "DIRECT", false, true],
  ["ALL", "DIRECT", true, true],
  ["ALL", "GROUP", false, true],
  ["ALL", "GROUP", true, true],
  ["MENTIONS", "ROOM", false, false],
  ["MENTIONS", "ROOM", true, true],
  ["MENTIONS", "DIRECT", false, true],
  ["MENTIONS", "DIRECT", true, true],
  ["MENTIONS", "GROUP", false, true],
  ["MENTIONS", "GROUP", true, true],
  ["NOTHING", "ROOM", false, false],
  ["NOTHING", "ROOM", true, false],
  ["NOTHING", "DIRECT", false, false],
  ["NOTHING", "DIRECT", true, false],
  ["NOTHING", "GROUP", false, false],
  ["NOTHING", "GROUP", true, false],
];

describe("shouldNotify", () => {
  it("the table covers every level × kind × mentioned exactly once", () => {
    const keys = new Set(notMutedNotAuthor.map(([l, k, m]) => `${l}/${k}/${m}`));
    expect(keys.size).toBe(notMutedNotAuthor.length);
    expect(keys.size).toBe(levels.length * kinds.length * 2);
  });

  it.each(notMutedNotAuthor)("level %s, %s, mentioned %s, not muted, not the author: notified %s", (level, kind, mentioned, expected) => {
    expect(shouldNotify({ level, muted: false, kind, mentioned, isAuthor: false })).toBe(expected);
  });

  const everyCase = levels.flatMap((level) => kinds.flatMap((kind) => [false, true].map((mentioned) => ({ level, kind, mentioned }))));

  it.each(everyCase)("muted: never notified ($level, $kind, mentioned $mentioned)", (input) => {
    expect(shouldNotify({ ...input, muted: true, isAuthor: false })).toBe(false);
  });

  it.each(everyCase)("the author: never notified of their own message ($level, $kind, mentioned $mentioned)", (input) => {
    expect(shouldNotify({ ...input, muted: false, isAuthor: true })).toBe(false);
    expect(shouldNotify({ ...input, muted: true, isAuthor: true })).toBe(false);
  });
});
