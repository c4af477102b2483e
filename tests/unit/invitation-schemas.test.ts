import { describe, expect, it } from "vitest";
import { acceptInvitationBodySchema, createInvitationBodySchema } from "@/lib/schemas/invitations";
import { auditLogQuerySchema, roomSettingsBodySchema } from "@/lib/schemas/rooms";

/** The issues of a rejected value as [path, message] pairs, or "accepted". */
function issuesOf(schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown) {
  const result = schema.safeParse(value);
  return result.success ? "accepted" : result.error?.issues.map((issue) => [issue.path.join("."), issue.message]);
}

describe("createInvitationBodySchema", () => {
  it.each([
    [{ email: "  Bob@Example.COM " }, { kind: "email", email: "bob@example.com" }],
    [{ expiresInHours: 24 }, { kind: "link", expiresInHours: 24, maxUses: null }],
    [{ expiresInHours: "24", maxUses: "5" }, { kind: "link", expiresInHours: 24, maxUses: 5 }],
    [{ expiresInHours: 1, maxUses: null }, { kind: "link", expiresInHours: 1, maxUses: null }],
    [{ expiresInHours: 720, maxUses: 1000 }, { kind: "link", expiresInHours: 720, maxUses: 1000 }],
  ])("accepts %j as %j", (body, expected) => {
    expect(createInvitationBodySchema.parse(body)).toEqual(expected);
  });

  it.each([
    [{}, "expiresInHours", "Choose how long the link lasts (1 to 720 hours), or give an email address."],
    [{ maxUses: 5 }, "expiresInHours", "Choose how long the link lasts (1 to 720 hours), or give an email address."],
    [{ expiresInHours: 0 }, "expiresInHours", "Links last at least 1 hour."],
    [{ expiresInHours: 721 }, "expiresInHours", "Links last at most 30 days (720 hours)."],
    [{ expiresInHours: "soon" }, "expiresInHours", "expiresInHours is a number of hours."],
    [{ expiresInHours: 24, maxUses: 0 }, "maxUses", "At least 1 use."],
    [{ expiresInHours: 24, maxUses: 1001 }, "maxUses", "At most 1000 uses."],
    [{ email: "" }, "email", "Enter your email address."],
    [{ email: "not-an-address" }, "email", "Enter a valid email address, like name@example.com."],
    [{ email: "bob@example.com", expiresInHours: 3 }, "email", "Send either an email address or link settings (expiresInHours, maxUses), not both."],
    [{ email: "bob@example.com", maxUses: 2 }, "email", "Send either an email address or link settings (expiresInHours, maxUses), not both."],
  ])("rejects %j on %s with %j", (body, field, message) => {
    expect(issuesOf(createInvitationBodySchema, body)).toEqual([[field, message]]);
  });
});

describe("acceptInvitationBodySchema", () => {
  it("takes a token string of up to 100 characters", () => {
    expect(acceptInvitationBodySchema.parse({ token: "x".repeat(32) })).toEqual({ token: "x".repeat(32) });
    expect(acceptInvitationBodySchema.safeParse({ token: "x".repeat(101) }).success).toBe(false);
    expect(acceptInvitationBodySchema.safeParse({}).success).toBe(false);
    expect(acceptInvitationBodySchema.safeParse({ token: 42 }).success).toBe(false);
  });
});

describe("roomSettingsBodySchema", () => {
  it("accepts any subset of the settings, trimmed", () => {
    expect(roomSettingsBodySchema.parse({})).toEqual({});
    expect(roomSettingsBodySchema.parse({ name: "  Lounge ", description: " chat ", visibility: "PUBLIC" })).toEqual({ name: "Lounge", description: "chat", visibility: "PUBLIC" });
  });

  it.each([
    [{ name: "   " }, "name", "Give the room a name."],
    [{ name: "x".repeat(81) }, "name", "Keep the room name under 80 characters."],
    [{ name: "Lo\u202eunge" }, "name", "The name contains characters that can't be shown."],
    [{ description: "x".repeat(501) }, "description", "Keep the description under 500 characters."],
    [{ visibility: "public" }, "visibility", "Visibility is PUBLIC or PRIVATE."],
  ])("rejects %j on %s with %j", (body, field, message) => {
    expect(issuesOf(roomSettingsBodySchema, body)).toEqual([[field, message]]);
  });

  it("refuses unknown keys, so the slug cannot be changed", () => {
    expect(roomSettingsBodySchema.safeParse({ slug: "new-address" }).success).toBe(false);
    expect(roomSettingsBodySchema.safeParse({ name: "Lounge", createdById: "someone" }).success).toBe(false);
  });
});

describe("auditLogQuerySchema", () => {
  it("defaults to 25 entries and coerces the limit from the query string", () => {
    expect(auditLogQuerySchema.parse({})).toEqual({ limit: 25 });
    expect(auditLogQuerySchema.parse({ limit: "100", before: "cmabc123xyz" })).toEqual({ limit: 100, before: "cmabc123xyz" });
    expect(auditLogQuerySchema.parse({ limit: "1" })).toEqual({ limit: 1 });
  });

  it.each([
    [{ limit: "0" }, "limit", "limit is at least 1."],
    [{ limit: "101" }, "limit", "limit is at most 100."],
    [{ limit: "many" }, "limit", "limit is a number."],
    [{ before: "" }, "before", "before is not a valid cursor."],
    [{ before: "ABC" }, "before", "before is not a valid cursor."],
    [{ before: "a'; drop table" }, "before", "before is not a valid cursor."],
    [{ before: "a".repeat(65) }, "before", "before is not a valid cursor."],
  ])("rejects %j on %s with %j", (query, field, message) => {
    expect(issuesOf(auditLogQuerySchema, query)).toEqual([[field, message]]);
  });
});
