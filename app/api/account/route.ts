import { NextResponse } from "next/server";
import { updateDisplayName } from "@/lib/account";
import { withUser } from "@/lib/authz/door";
import { parseBody } from "@/lib/http";
import { updateProfileBodySchema } from "@/lib/schemas/account";

export const runtime = "nodejs";

/** Changes the caller's display name; every page and session shows it from the next request. */
export const PATCH = withUser(async (request, { user }) => {
  const { name } = await parseBody(request, updateProfileBodySchema);
  return NextResponse.json({ user: await updateDisplayName({ userId: user.id, name }) });
});
