import { NextResponse } from "next/server";
import { withCaller } from "@/lib/authz/door";
import { clientIp, parseBody } from "@/lib/http";
import { consumeOrThrow, limiters } from "@/lib/rate-limit";
import { authorizeChannels } from "@/lib/realtime/authorize";
import { channelAuthBodySchema } from "@/lib/schemas/realtime";

export const runtime = "nodejs";

/**
 * Channel authorization for pusher-js. One channel (pusher-js's default form body) answers like
 * Pusher's reference endpoints: 200 with the signature, or 403 with a JSON error. Several
 * channels (`channel_names`, JSON) answer 200 with a result per channel, so a client in 30 rooms
 * authorizes them in one round trip.
 */
export const POST = withCaller(async (request, { claims }) => {
  const body = await parseBody(request, channelAuthBodySchema, { invalidIs: "bad_request", accept: "json-or-form" });
  await consumeOrThrow([[limiters.channelAuth, claims?.user.id ?? `ip:${clientIp(request)}`]], "Too many authorization requests. Try again in {seconds} seconds.");
  const channelNames = "channel_name" in body ? [body.channel_name] : [...new Set(body.channel_names)];
  const results = await authorizeChannels({ claims, socketId: body.socket_id, channelNames });
  if ("channel_name" in body) {
    const result = results.get(body.channel_name)!;
    return NextResponse.json(result.body, { status: result.status });
  }
  return NextResponse.json({ channels: Object.fromEntries([...results].map(([name, result]) => [name, { status: result.status, ...result.body }])) });
});
