import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { assertSameOrigin, errorResponse } from "@/lib/http";
import { log } from "@/lib/log";
import { signInWithCredentials } from "@/lib/login";
import { readSessionClaims } from "@/lib/session";
import { endSession } from "@/lib/sign-out";

type Context = { params: Promise<{ nextauth: string[] }> };

const handler = NextAuth(authOptions) as (request: Request, context: Context) => Promise<Response>;

export const runtime = "nodejs";

/**
 * next-auth answers some malformed requests (an action with the wrong method, a credentials
 * callback by GET, a body it cannot read) with a 500 of its own, or throws. Those are the
 * client's fault: a 400 in Parley's error shape, and next-auth's answer goes to the log (found by
 * the API fuzzer). Its other answers pass through untouched.
 */
async function guarded(request: NextRequest, run: () => Promise<Response>): Promise<Response> {
  const path = new URL(request.url).pathname;
  try {
    const response = await run();
    // next-auth copies query values into redirects (/api/auth/error?error=… → /login?error=…);
    // a control character there makes the header unsendable, which Node turns into a bare 500.
    const location = response.headers.get("location");
    if (location !== null && /[\u0000-\u001f\u007f]/.test(location)) return errorResponse(new AppError("bad_request", "That sign-in request is not valid."));
    if (response.status < 500) return response;
    log.warn("next-auth refused a request", { method: request.method, path, status: response.status, body: (await response.text()).slice(0, 200) });
  } catch (error) {
    log.warn("next-auth threw", { method: request.method, path, error: error instanceof Error ? error.message : String(error) });
  }
  return errorResponse(new AppError("bad_request", "That sign-in request is not valid."));
}

export function GET(request: NextRequest, context: Context) {
  return guarded(request, () => handler(request, context));
}

export async function POST(request: NextRequest, context: Context) {
  const { nextauth } = await context.params;
  const action = nextauth.join("/");
  if (action === "callback/credentials") {
    return signInWithCredentials(request, (req) => handler(req, context));
  }
  if (action === "signout") {
    // next-auth only clears the cookie: a copy of the token would go on working for its whole
    // life. The session is ended in the database first; if that fails, the person is told and
    // stays signed in, rather than believing they signed out. (Same-origin only, so no other site
    // can sign anyone out.)
    try {
      assertSameOrigin(request);
      const claims = await readSessionClaims();
      if (claims) await endSession(claims);
    } catch (error) {
      return errorResponse(error);
    }
  }
  return guarded(request, () => handler(request, context));
}
