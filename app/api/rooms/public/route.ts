import { NextResponse } from "next/server";
import { withUser } from "@/lib/authz/door";
import { listPublicRooms } from "@/lib/rooms";

export const runtime = "nodejs";

/** Public rooms anyone signed in may browse and join. */
export const GET = withUser(async (_request, { user }) => NextResponse.json({ rooms: await listPublicRooms({ userId: user.id }) }));
