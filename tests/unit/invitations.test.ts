import { describe, expect, it } from "vitest";
import { invitationState } from "@/lib/invitations";

describe("invitationState", () => {
  const now = new Date("2026-11-23T12:00:00Z");
  const base = { expiresAt: new Date("2026-11-24T12:00:00Z"), revokedAt: null, maxUses: null, uses: 0 };
  it.each([
    ["a fresh unlimited link", base, "valid"],
    ["a link past its expiry", { ...base, expiresAt: new Date("2026-11-23T11:59:59Z") }, "expired"],
    ["a link expiring this very moment", { ...base, expiresAt: now }, "expired"],
    ["a revoked link (even if unexpired)", { ...base, revokedAt: new Date("2026-11-23T10:00:00Z") }, "revoked"],
    ["a link with uses left", { ...base, maxUses: 3, uses: 2 }, "valid"],
    ["a used-up link", { ...base, maxUses: 3, uses: 3 }, "used_up"],
    ["a revoked and expired link reads as revoked", { ...base, revokedAt: now, expiresAt: new Date(0) }, "revoked"],
  ] as const)("%s is %s", (_label, invitation, expected) => {
    expect(invitationState(invitation, now)).toBe(expected);
  });
});
