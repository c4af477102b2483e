import { NextResponse } from "next/server";
import { withUser } from "@/lib/authz/door";
import { endAllSessions } from "@/lib/sign-out";

export const runtime = "nodejs";

/** Ends every session of the caller, on every device, this one included (it then signs out as usual). */
export const POST = withUser(async (_request, { user }) => {
  await endAllSessions({ userId: user.id });
  return new NextResponse(null, { status: 204 });
});
