import { NextResponse } from "next/server";
import { withUser } from "@/lib/authz/door";
import { searchPeople } from "@/lib/conversations";
import { validationError } from "@/lib/http";
import { searchPeopleQuerySchema } from "@/lib/schemas/conversations";

export const runtime = "nodejs";

/** People the caller shares a room with, by name (`?q=`), for the "New message" picker. */
export const GET = withUser(async (request, { user }) => {
  const query = searchPeopleQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw validationError(query.error);
  return NextResponse.json({ people: await searchPeople({ callerId: user.id, query: query.data.q }) });
});
