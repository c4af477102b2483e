import { NextResponse } from "next/server";
import { withUser } from "@/lib/authz/door";
import { getPushPublicKey } from "@/lib/push";

export const runtime = "nodejs";

/** The VAPID public key browsers subscribe with; null when push is not configured on this server. */
export const GET = withUser(async () => NextResponse.json({ publicKey: getPushPublicKey() }, { headers: { "Cache-Control": "no-store" } }));
