import { NextResponse } from "next/server";
import { changePassword } from "@/lib/account";
import { withUser } from "@/lib/authz/door";
import { clientIp, parseBody } from "@/lib/http";
import { changePasswordBodySchema } from "@/lib/schemas/account";
import { reissueSessionCookie } from "@/lib/session";

export const runtime = "nodejs";

/**
 * Changes the caller's password and ends every other session of theirs; this browser stays signed
 * in under a re-issued session cookie.
 */
export const POST = withUser(async (request, { claims }) => {
  const body = await parseBody(request, changePasswordBodySchema);
  const { sessionVersion } = await changePassword({ claims, ip: clientIp(request), body });
  await reissueSessionCookie({ claims, sv: sessionVersion });
  return new NextResponse(null, { status: 204 });
});
