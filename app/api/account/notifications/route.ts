import { NextResponse } from "next/server";
import { setNotifyLevel } from "@/lib/account";
import { withUser } from "@/lib/authz/door";
import { parseBody } from "@/lib/http";
import { notificationSettingsBodySchema } from "@/lib/schemas/account";

export const runtime = "nodejs";

/** What notifies the caller: every message, mentions and direct messages, or nothing. */
export const PATCH = withUser(async (request, { user }) => {
  const { level } = await parseBody(request, notificationSettingsBodySchema);
  return NextResponse.json({ level: await setNotifyLevel({ userId: user.id, level }) });
});
