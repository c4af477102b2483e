import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { withCaller } from "@/lib/authz/door";
import { clientIp, parseBody } from "@/lib/http";
import { log } from "@/lib/log";
import { consumeOrThrow, limiters } from "@/lib/rate-limit";
import { authenticateUser } from "@/lib/realtime/authorize";
import { userAuthBodySchema } from "@/lib/schemas/realtime";

export const runtime = "nodejs";

/** User authentication for pusher-js (`pusher:signin`): {auth, user_data} for the signed-in user. */
export const POST = withCaller(async (request, { user }) => {
  const body = await parseBody(request, userAuthBodySchema, { invalidIs: "bad_request" });
  await consumeOrThrow([[limiters.channelAuth, user?.id ?? `ip:${clientIp(request)}`]], "Too many authorization requests. Try again in {seconds} seconds.");
  if (!user) {
    log.info("user auth refused", { user_id: null, reason: "not signed in" });
    // pusher-js treats any non-200 as a refusal; 403 as Pusher's reference endpoints do.
    throw new AppError("forbidden", "Sign in to connect.");
  }
  return NextResponse.json(await authenticateUser({ user, socketId: body.socket_id }));
});
