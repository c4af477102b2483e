import { NextResponse } from "next/server";
import { withUser } from "@/lib/authz/door";
import { validationError } from "@/lib/http";
import { searchQuerySchema } from "@/lib/schemas/search";
import { searchMessages } from "@/lib/search";

export const runtime = "nodejs";

/** Messages the caller can read that match `q` (see docs/search.md), newest first; `?before=<nextCursor>` for older. */
export const GET = withUser(async (request, { user }) => {
  const query = searchQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw validationError(query.error);
  return NextResponse.json(await searchMessages({ userId: user.id, query: query.data.q, limit: query.data.limit, before: query.data.before }));
});
