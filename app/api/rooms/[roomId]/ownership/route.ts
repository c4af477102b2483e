import { NextResponse } from "next/server";
import { withRoom } from "@/lib/authz/door";
import { AppError } from "@/lib/errors";
import { parseBody } from "@/lib/http";
import { getMemberOrThrow, transferOwnership } from "@/lib/moderation";
import { transferOwnershipBodySchema } from "@/lib/schemas/rooms";

export const runtime = "nodejs";

/** The owner makes another member the owner and becomes an admin. */
export const POST = withRoom(async (request, { ids: { roomId }, user, authorize }) => {
  const { userId } = await parseBody(request, transferOwnershipBodySchema);
  authorize({ type: "room.transferOwnership" });
  if (userId === user.id) throw new AppError("conflict", "You already own this room.");
  const target = await getMemberOrThrow({ roomId, userId });
  await transferOwnership({ roomId, actorId: user.id, target: target.user });
  return NextResponse.json({ owner: { id: target.user.id, name: target.user.name } });
});
