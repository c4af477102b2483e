import { NextResponse } from "next/server";
import { setRoomMuted } from "@/lib/account";
import { withRoom } from "@/lib/authz/door";
import { parseBody } from "@/lib/http";
import { muteBodySchema } from "@/lib/schemas/account";

export const runtime = "nodejs";

/** Mutes or unmutes a room or conversation for the caller: a muted one never notifies. */
export const PUT = withRoom(
  async (request, { ids: { roomId }, user }) => {
    const { muted } = await parseBody(request, muteBodySchema);
    return NextResponse.json({ roomId, muted: await setRoomMuted({ roomId, userId: user.id, muted }) });
  },
  { action: { type: "room.mute" } },
);
