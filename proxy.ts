import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { env } from "@/lib/env";
import { contentSecurityPolicy } from "@/lib/security-headers";

// Runs before every page (not the API, not static files):
// 1. A fresh nonce and the Content-Security-Policy that names it. Next.js reads the policy from the
//    request headers and puts the nonce on its own scripts; the browser then runs no other script.
// 2. The sign-in redirect: every page needs a session except sign-in, sign-up and invitation
//    links. Signed-out visitors go to /login and come back. Pages re-check the session themselves
//    (lib/session.ts): this is the redirect, not the authorization.

const publicPages = /^\/(login|register|invite\/)/;

export async function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(env, nonce);
  const { pathname, search } = request.nextUrl;

  let response: NextResponse;
  if (publicPages.test(pathname) || (await getToken({ req: request, secret: env.NEXTAUTH_SECRET }))) {
    const headers = new Headers(request.headers);
    headers.set("x-nonce", nonce);
    headers.set("Content-Security-Policy", policy);
    response = NextResponse.next({ request: { headers } });
  } else {
    const login = new URL("/login", request.url);
    if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
    response = NextResponse.redirect(login);
  }
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // sw.js: a service worker script may not be redirected (to /login), and it is no page.
      source: "/((?!api/|_next/static|_next/image|favicon.ico|robots.txt|sw.js).*)",
      // Prefetches get no HTML of their own to protect.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
