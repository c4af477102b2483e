import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createUserWithPassword, getUserById, upsertOAuthUser, verifyCredentials } from "@/lib/users";

const uniqueEmail = (tag: string) => `${tag}-${randomUUID()}@example.com`;

describe("createUserWithPassword", () => {
  it("returns only the session fields and stores a hash, not the password", async () => {
    const email = uniqueEmail("create");
    const user = await createUserWithPassword({ name: "Create Me", email, password: "plain-secret" });
    expect(user).toEqual({ id: expect.any(String), name: "Create Me", email });

    const stored = await prisma.user.findUniqueOrThrow({ where: { email }, select: { passwordHash: true } });
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(stored.passwordHash).not.toContain("plain-secret");
  });

  it("a taken email gets a 409 AppError that names the email field", async () => {
    const email = uniqueEmail("dup");
    await createUserWithPassword({ name: "First", email, password: "first-pass" });
    const error = await createUserWithPassword({ name: "Second", email, password: "second-pass" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(409);
    expect((error as AppError).toBody()).toEqual({
      error: {
        code: "conflict",
        message: "An account with this email already exists. Sign in instead?",
        fields: { email: "An account with this email already exists." },
      },
    });
  });
});

describe("verifyCredentials", () => {
  it("returns the user for the right password, without the hash", async () => {
    const email = uniqueEmail("verify");
    const created = await createUserWithPassword({ name: "Verify Me", email, password: "right-password" });
    const user = await verifyCredentials({ email, password: "right-password" });
    // With the session version its token is issued under.
    expect(user).toEqual({ ...created, sessionVersion: 0 });
    expect(user).not.toHaveProperty("passwordHash");
  });

  it("returns null for a wrong password", async () => {
    const email = uniqueEmail("wrong");
    await createUserWithPassword({ name: "Wrong", email, password: "right-password" });
    expect(await verifyCredentials({ email, password: "wrong-password" })).toBeNull();
  });

  it("returns null for an unknown email", async () => {
    expect(await verifyCredentials({ email: uniqueEmail("nobody"), password: "right-password" })).toBeNull();
  });

  it("returns null for an account that only signs in through OAuth", async () => {
    const email = uniqueEmail("oauth-only");
    await upsertOAuthUser({ email, name: "OAuth Only" });
    expect(await verifyCredentials({ email, password: "" })).toBeNull();
    expect(await verifyCredentials({ email, password: "anything" })).toBeNull();
  });
});

describe("upsertOAuthUser", () => {
  it("creates an account the first time and finds the same one after, keeping its name", async () => {
    const email = uniqueEmail("oauth");
    const first = await upsertOAuthUser({ email, name: "From GitHub" });
    expect(first).toEqual({ id: expect.any(String), name: "From GitHub", email, sessionVersion: 0 });

    const again = await upsertOAuthUser({ email, name: "Renamed On Google" });
    expect(again).toEqual(first);
    expect(await prisma.user.count({ where: { email } })).toBe(1);
  });

  it("signs an existing password account in by its email, and the password keeps working", async () => {
    const email = uniqueEmail("both");
    const created = await createUserWithPassword({ name: "Both Ways", email, password: "both-password" });
    expect(await upsertOAuthUser({ email, name: "Other Name" })).toEqual({ ...created, sessionVersion: 0 });
    expect(await verifyCredentials({ email, password: "both-password" })).toEqual({ ...created, sessionVersion: 0 });
  });
});

describe("the User table", () => {
  it("never returns password hashes unless a query names them", async () => {
    const email = uniqueEmail("omit");
    const { id } = await createUserWithPassword({ name: "Omit", email, password: "omit-password" });
    expect(await prisma.user.findUnique({ where: { id } })).not.toHaveProperty("passwordHash");
    expect(await getUserById({ id })).toEqual({ id, name: "Omit", email, createdAt: expect.any(Date) });
  });

  it.each(["Upper@Example.com", " leading@example.com", "trailing@example.com "])(
    "refuses to store the non-normalised email %j (CHECK User_email_normalised)",
    async (prefix) => {
      const email = prefix.replace("@", `-${randomUUID()}@`);
      await expect(prisma.user.create({ data: { email, name: "Raw" } })).rejects.toThrow(/User_email_normalised/);
      expect(await prisma.user.count({ where: { email: { equals: email.trim(), mode: "insensitive" } } })).toBe(0);
    },
  );

  it("stores a normalised email through the same path", async () => {
    const email = uniqueEmail("normal");
    await expect(prisma.user.create({ data: { email, name: "Raw" }, select: { email: true } })).resolves.toEqual({ email });
  });
});
