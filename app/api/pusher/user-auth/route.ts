import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { withCaller } from "@/lib/authz/door";
import { clientIp, parseBody } from "@/lib/http";
import { log } from "@/lib/log";
import { consumeOrThrow, limiters } from "@/lib/rate-limit";
import { authenticateUser } from "@/lib/realtime/authorize";
import { userAuthBodySchema } from "@/lib/schemas/realtime";
import { sessionEndedMessage } from "@/lib/session";

export const runtime = "nodejs";

/** User authentication for pusher-js (`pusher:signin`): {auth, user_data} for the signed-in user. */
export const POST = withCaller(async (request, { claims }) => {
  const body = await parseBody(request, userAuthBodySchema, { invalidIs: "bad_request", accept: "json-or-form" });
  await consumeOrThrow([[limiters.channelAuth, claims?.user.id ?? `ip:${clientIp(request)}`]], "Too many authorization requests. Try again in {seconds} seconds.");
  // pusher-js treats any non-200 as a refusal; 403 as Pusher's reference endpoints do.
  const signed = claims && (await authenticateUser({ claims, socketId: body.socket_id }));
  if (!signed) {
    log.info("user auth refused", { user_id: claims?.user.id ?? null, reason: claims ? "session ended" : "not signed in" });
    throw new AppError("forbidden", claims ? sessionEndedMessage : "Sign in to connect.");
  }
  return NextResponse.json(signed);
});
