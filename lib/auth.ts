import "server-only";
import { randomBytes } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { env } from "@/lib/env";
import { credentialsSchema, emailSchema } from "@/lib/schemas/auth";
import { upsertOAuthUser, verifyCredentials, type SigningInUser } from "@/lib/users";

function oauthProviders() {
  const providers = [];
  if (env.GITHUB_ID && env.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }));
  }
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) {
    providers.push(GoogleProvider({ clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET }));
  }
  return providers;
}

/** The OAuth providers configured by env, for the sign-in page's buttons. */
export const oauthProviderList: { id: string; name: string }[] = oauthProviders().map((p) => ({ id: p.id, name: p.name }));

/** `__Secure-` session cookies on https sites (next-auth's own rule, stated once for lib/session.ts too). */
export const secureCookies = env.NEXTAUTH_URL ? env.NEXTAUTH_URL.startsWith("https://") : Boolean(env.VERCEL);

/** How long a session token lasts (next-auth re-issues it as the person uses the site). */
export const sessionMaxAgeSeconds = 30 * 24 * 60 * 60;

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  useSecureCookies: secureCookies,
  session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      // Rate limiting and the user-facing messages live in lib/login.ts, around this call.
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        return verifyCredentials(parsed.data);
      },
    }),
    ...oauthProviders(),
  ],
  callbacks: {
    // next-auth's default assumes `url` is a string and a valid URL; a malformed callbackUrl in a
    // sign-in request crashed it (500, found by the API fuzzer). Only same-site destinations.
    redirect({ url, baseUrl }) {
      if (typeof url !== "string") return baseUrl;
      try {
        const target = new URL(url, baseUrl);
        if (target.origin === new URL(baseUrl).origin) return target.href;
      } catch {
        // not a URL at all
      }
      return baseUrl;
    },
    async signIn({ account, profile }) {
      if (!account || account.provider === "credentials") return true;
      // Accounts are matched by email, so only an address the provider has verified may sign in.
      const verified = account.provider !== "google" || (profile as { email_verified?: boolean } | undefined)?.email_verified === true;
      return verified && emailSchema.safeParse(profile?.email).success;
    },
    async jwt({ token, user, account }) {
      if (account && user) {
        // Every sign-in starts a session of its own, under the user's current session version.
        token.sid = randomBytes(16).toString("hex");
        if (account.provider === "credentials") {
          token.uid = user.id;
          token.sv = (user as SigningInUser).sessionVersion;
        } else {
          const email = emailSchema.parse(user.email);
          const dbUser = await upsertOAuthUser({ email, name: user.name?.trim() || email.split("@")[0]! });
          token.uid = dbUser.id;
          token.name = dbUser.name;
          token.email = dbUser.email;
          token.sv = dbUser.sessionVersion;
        }
      }
      return token;
    },
    async session({ session, token }) {
      session.user = { id: token.uid ?? "", name: token.name ?? "", email: token.email ?? "" };
      return session;
    },
  },
};
