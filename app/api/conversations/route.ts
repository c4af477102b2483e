import { NextResponse } from "next/server";
import { withUser } from "@/lib/authz/door";
import { openConversation } from "@/lib/conversations";
import { parseBody } from "@/lib/http";
import { openConversationBodySchema } from "@/lib/schemas/conversations";

export const runtime = "nodejs";

/**
 * Opens the conversation between the caller and `userIds` (1 to 8 people they share a room with):
 * 200 with the existing one when these exact people already have one, else 201 with a new one.
 */
export const POST = withUser(async (request, { user }) => {
  const body = await parseBody(request, openConversationBodySchema);
  const { conversation, created } = await openConversation({ caller: user, userIds: body.userIds });
  return NextResponse.json({ conversation }, { status: created ? 201 : 200 });
});
