import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/safe-redirect";

describe("safeCallbackPath", () => {
  it.each([
    ["/account", "/account"],
    ["/rooms/general?x=1#m", "/rooms/general?x=1#m"],
  ])("keeps the same-site path %s", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });

  it.each([
    "//evil.example",
    "https://evil.example/",
    "/\\evil.example",
    "javascript:alert(1)",
    "",
    null,
    "/login",
    "/register?x",
    // Paths that only become protocol-relative once dot segments and backslashes are resolved.
    "/.//evil.example",
    "/x/..//evil.example",
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "/./\\evil.example",
    "/.\\/evil.example",
    "/login/..//evil.example",
  ])(
    "falls back to / for %s",
    (input) => {
      expect(safeCallbackPath(input)).toBe("/");
    },
  );

  it("never returns a value a browser would take for another host", () => {
    for (const input of ["/.//a.example", "/x/..//a.example", "/%2e//a.example", "/./\\a.example"]) {
      const result = safeCallbackPath(input);
      expect(new URL(result, "https://parley.example").host, input).toBe("parley.example");
    }
  });
});
