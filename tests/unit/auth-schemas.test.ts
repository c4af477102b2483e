import { describe, expect, it } from "vitest";
import { credentialsSchema, registerBodySchema } from "@/lib/schemas/auth";

const valid = { name: "Ada Lovelace", email: "ada@example.com", password: "analytical" };

/** The message the form would show next to `field`, or undefined when the body is accepted. */
function messageFor(body: unknown, field: string): string | undefined {
  const result = registerBodySchema.safeParse(body);
  return result.success ? undefined : result.error.issues.find((issue) => issue.path.join(".") === field)?.message;
}

// A 254-character address: the longest one the schema allows.
const longestEmail = `${"a".repeat(64)}@${["b".repeat(63), "c".repeat(63), "d".repeat(57), "com"].join(".")}`;

describe("registerBodySchema", () => {
  it("trims the name and trims and lower-cases the email, but keeps the password as typed", () => {
    const result = registerBodySchema.parse({ name: "  Ada Lovelace ", email: "  Ada@Example.COM ", password: "  spaced pass  " });
    expect(result).toEqual({ name: "Ada Lovelace", email: "ada@example.com", password: "  spaced pass  " });
  });

  it.each([
    ["name", undefined, "Enter your name."],
    ["name", "", "Enter your name."],
    ["name", "   ", "Enter your name."],
    ["name", "x".repeat(81), "Keep your name under 80 characters."],
    ["name", "Ada\u0000Lovelace", "Your name contains characters that can't be shown."],
    ["name", "Ada\nLovelace", "Your name contains characters that can't be shown."],
    ["name", "Ada\u001bLovelace", "Your name contains characters that can't be shown."],
    ["name", "Ada\u007fLovelace", "Your name contains characters that can't be shown."],
    ["name", "Ada\u0085Lovelace", "Your name contains characters that can't be shown."],
    ["name", "Ada\u009bLovelace", "Your name contains characters that can't be shown."],
    ["name", "Ada\u202eecalevoL", "Your name contains characters that can't be shown."],
    ["email", undefined, "Enter your email address."],
    ["email", "   ", "Enter your email address."],
    ["email", "ada", "Enter a valid email address, like name@example.com."],
    ["email", "ada@", "Enter a valid email address, like name@example.com."],
    ["email", "ada lovelace@example.com", "Enter a valid email address, like name@example.com."],
    ["email", `${longestEmail}x`, "That email address is too long."],
    ["password", undefined, "Choose a password."],
    ["password", "1234567", "Use at least 8 characters for your password."],
    ["password", "x".repeat(129), "Use at most 128 characters for your password."],
  ])("rejects %s=%j with %j", (field, value, message) => {
    expect(messageFor({ ...valid, [field]: value }, field)).toBe(message);
  });

  it.each([
    ["name", "x".repeat(80)],
    ["name", "Zoë O'Brien-Łukasz 李"],
    ["email", longestEmail],
    ["email", "first.last+tag@sub.example.co.uk"],
    ["password", "12345678"],
    ["password", "x".repeat(128)],
  ])("accepts %s=%j", (field, value) => {
    expect(registerBodySchema.safeParse({ ...valid, [field]: value }).success).toBe(true);
  });

  it("reports every invalid field at once", () => {
    const result = registerBodySchema.safeParse({});
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["name", "email", "password"]);
  });
});

describe("credentialsSchema", () => {
  it("normalises the email so sign-in matches the stored address", () => {
    expect(credentialsSchema.parse({ email: " Ada@Example.COM ", password: "x" })).toEqual({ email: "ada@example.com", password: "x" });
  });

  it("accepts any non-empty password up to 1024 characters, whatever the registration rules", () => {
    expect(credentialsSchema.safeParse({ email: "a@b.co", password: "short" }).success).toBe(true);
    expect(credentialsSchema.safeParse({ email: "a@b.co", password: "x".repeat(1024) }).success).toBe(true);
  });

  it.each([
    [{ password: "x" }, "email", "Enter your email address."],
    [{ email: " ", password: "x" }, "email", "Enter your email address."],
    [{ email: "a@b.co" }, "password", "Enter your password."],
    [{ email: "a@b.co", password: "" }, "password", "Enter your password."],
    [{ email: "a@b.co", password: "x".repeat(1025) }, "password", "That password is too long."],
  ])("rejects %o on %s with %j", (body, field, message) => {
    const result = credentialsSchema.safeParse(body);
    expect(result.error?.issues.find((issue) => issue.path.join(".") === field)?.message).toBe(message);
  });
});
