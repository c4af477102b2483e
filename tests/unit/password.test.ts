import { describe, expect, it } from "vitest";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "@/lib/password";

describe("hashPassword / verifyPassword", () => {
  it("stores a self-describing scrypt hash that does not contain the password", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(hash).not.toContain("correct horse battery");
  });

  it("salts every hash, and each one verifies", async () => {
    const [first, second] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(first).not.toBe(second);
    expect(await verifyPassword("same password", first)).toBe(true);
    expect(await verifyPassword("same password", second)).toBe(true);
  });

  it.each(["wrong password", "Correct horse battery", "correct horse battery ", ""])("refuses %j for another password", async (attempt) => {
    const hash = await hashPassword("correct horse battery");
    expect(await verifyPassword(attempt, hash)).toBe(false);
  });

  it.each([
    ["\ufb01nd me", "find me"],
    ["caf\u00e9 au lait", "cafe\u0301 au lait"],
  ])("treats Unicode-equivalent spellings as the same password (%j, %j)", async (stored, typed) => {
    expect(await verifyPassword(typed, await hashPassword(stored))).toBe(true);
  });

  it.each(["", "plain-text", "bcrypt$10$abc$def", "scrypt$32768$8$1$c2FsdA=="])("refuses anything against the malformed hash %j", async (stored) => {
    expect(await verifyPassword("plain-text", stored)).toBe(false);
  });
});

describe("verifyAgainstDummy", () => {
  it.each(["anything", "parley-timing-equaliser"])("always answers false, even for %j", async (password) => {
    expect(await verifyAgainstDummy(password)).toBe(false);
  });
});
