import { describe, expect, it } from "vitest";
import { isReactionEmoji, searchEmoji } from "@/lib/emoji";
import { applyReaction, type ReactionDto } from "@/lib/messages-types";

const ada = { id: "ada", name: "Ada" };
const bob = { id: "bob", name: "Bob" };

describe("applyReaction", () => {
  it("adds a person to an emoji, or the emoji at the end, and only once however often it is applied", () => {
    let reactions: ReactionDto[] = [];
    reactions = applyReaction(reactions, { emoji: "👍", user: ada, reacted: true });
    reactions = applyReaction(reactions, { emoji: "🎉", user: bob, reacted: true });
    reactions = applyReaction(reactions, { emoji: "👍", user: bob, reacted: true });
    const twice = applyReaction(reactions, { emoji: "👍", user: bob, reacted: true });
    expect(twice).toBe(reactions);
    expect(reactions).toEqual([
      { emoji: "👍", users: [ada, bob] },
      { emoji: "🎉", users: [bob] },
    ]);
  });

  it("removes a person, and the emoji with its last person; removing what is not there changes nothing", () => {
    const start: ReactionDto[] = [{ emoji: "👍", users: [ada, bob] }, { emoji: "🎉", users: [bob] }];
    expect(applyReaction(start, { emoji: "🎉", user: bob, reacted: false })).toEqual([{ emoji: "👍", users: [ada, bob] }]);
    expect(applyReaction(start, { emoji: "👍", user: ada, reacted: false })).toEqual([{ emoji: "👍", users: [bob] }, { emoji: "🎉", users: [bob] }]);
    expect(applyReaction(start, { emoji: "🎉", user: ada, reacted: false })).toBe(start);
    expect(applyReaction(start, { emoji: "🚀", user: ada, reacted: false })).toBe(start);
  });
});

describe("the emoji set", () => {
  it("accepts its own emoji only: no text, markup or look-alikes", () => {
    expect(isReactionEmoji("👍")).toBe(true);
    expect(isReactionEmoji("❤️")).toBe(true);
    for (const value of ["", "+1", "<img src=x onerror=alert(1)>", "👍👍", "❤", " 👍", "a".repeat(32)]) expect(isReactionEmoji(value), value).toBe(false);
  });

  it("searches by the start of a word in the name", () => {
    expect(searchEmoji("thumb").map((e) => e.emoji)).toEqual(["👍", "👎"]);
    expect(searchEmoji("party").map((e) => e.emoji)).toContain("🎉");
    expect(searchEmoji("zzz")).toEqual([]);
  });
});
