import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/safe-redirect";

describe("safeCallbackPath", () => {
  it.each([
    ["/account", "/account"],
    ["/rooms/general?x=1#m", "/rooms/general?x=1#m"],
  ])("keeps the same-site path %s", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });

  it.each(["//evil.example", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "", null, "/login", "/register?x"])(
    "falls back to / for %s",
    (input) => {
      expect(safeCallbackPath(input)).toBe("/");
    },
  );
});
