import { NextResponse } from "next/server";
import { withUser } from "@/lib/authz/door";
import { listPendingInvitations } from "@/lib/invitations";

export const runtime = "nodejs";

/** Invitations addressed to me that I have not answered yet, newest first. */
export const GET = withUser(async (_request, { user }) => {
  return NextResponse.json({ invitations: await listPendingInvitations({ userId: user.id }) });
});
