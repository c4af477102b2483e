import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { env } from "@/lib/env";

// Every page needs a session except the ones listed in `config.matcher`'s exclusions. Signed-out
// visitors go to /login and come back to where they were headed. Pages re-check the session
// themselves (lib/session.ts): this is the redirect, not the authorization.
export async function proxy(request: NextRequest) {
  const token = await getToken({ req: request, secret: env.NEXTAUTH_SECRET });
  if (token) return NextResponse.next();
  const login = new URL("/login", request.url);
  const { pathname, search } = request.nextUrl;
  if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ["/((?!api/|_next/|favicon.ico|robots.txt|login|register|invite/).*)"],
};
