import "server-only";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "@/lib/password";
import type { Credentials, RegisterBody } from "@/lib/schemas/auth";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
}

/** At sign-in: who signed in, and the session version their token is issued under. */
export type SigningInUser = SessionUser & { sessionVersion: number };

const sessionUserSelect = { id: true, name: true, email: true } as const;

/** Creates an account; a taken email (in any letter case) is a 409 the form can show as is. */
export async function createUserWithPassword({ name, email, password }: RegisterBody): Promise<SessionUser> {
  const passwordHash = await hashPassword(password);
  try {
    return await prisma.user.create({ data: { name, email, passwordHash }, select: sessionUserSelect });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", "An account with this email already exists. Sign in instead?", {
        fields: { email: "An account with this email already exists." },
      });
    }
    throw error;
  }
}

/** The user for a correct email + password, else null; takes as long for unknown emails. */
export async function verifyCredentials({ email, password }: Credentials): Promise<SigningInUser | null> {
  const user = await prisma.user.findUnique({
    where: { email },
    select: { ...sessionUserSelect, sessionVersion: true, passwordHash: true },
  });
  if (!user?.passwordHash) return verifyAgainstDummy(password).then(() => null);
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  return { id: user.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion };
}

/** OAuth sign-in: the provider has verified the email, so it finds or creates that account. */
export async function upsertOAuthUser({ email, name }: { email: string; name: string }): Promise<SigningInUser> {
  return prisma.user.upsert({
    where: { email },
    update: {},
    create: { email, name },
    select: { ...sessionUserSelect, sessionVersion: true },
  });
}

export async function getUserById({ id }: { id: string }) {
  return prisma.user.findUnique({ where: { id }, select: { ...sessionUserSelect, createdAt: true } });
}
