import { NextResponse } from "next/server";
import { withUser } from "@/lib/authz/door";
import { validationError } from "@/lib/http";
import { listMentions } from "@/lib/mentions";
import { listMentionsQuerySchema } from "@/lib/schemas/conversations";

export const runtime = "nodejs";

/** The caller's mentions, newest first (`?before=<nextCursor>` for older), in rooms they are still in. */
export const GET = withUser(async (request, { user }) => {
  const query = listMentionsQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw validationError(query.error);
  return NextResponse.json(await listMentions({ userId: user.id, before: query.data.before, limit: query.data.limit }));
});
