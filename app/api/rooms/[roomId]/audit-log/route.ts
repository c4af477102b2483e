import { NextResponse } from "next/server";
import { withRoom } from "@/lib/authz/door";
import { validationError } from "@/lib/http";
import { listAuditLog } from "@/lib/moderation";
import { auditLogQuerySchema } from "@/lib/schemas/rooms";

export const runtime = "nodejs";

/** The room's audit log, newest first (owners and admins); `?before=<nextCursor>` for older entries. */
export const GET = withRoom(async (request, { ids: { roomId }, authorize }) => {
  const parsed = auditLogQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw validationError(parsed.error);
  authorize({ type: "room.viewAuditLog" });
  return NextResponse.json(await listAuditLog({ roomId, ...parsed.data }));
});
