import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user: { id: string; name: string; email: string } & Omit<DefaultSession["user"], "name" | "email">;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** Parley's User.id (next-auth's `sub` holds the provider's id for OAuth sign-ins). */
    uid?: string;
    /** This session's id: sign-out records it as ended (RevokedSession). */
    sid?: string;
    /** User.sessionVersion when the token was issued: "sign out everywhere" bumps it. */
    sv?: number;
  }
}
