import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { readBodyText, route, validationError } from "@/lib/http";
import { presenceUserIds, recordLastSeen } from "@/lib/presence-seen";
import { pusher } from "@/lib/realtime/pusher";
import { pusherWebhookSchema } from "@/lib/schemas/webhooks";

export const runtime = "nodejs";

// Server to server: the realtime service (hosted Pusher, soketi, the built-in one) posts presence
// events here. No session and no origin check: the signature (HMAC of the raw body with the app
// secret) is the authentication.

/** A batch of a few thousand events fits; anything bigger is not a webhook. */
const maxBodyBytes = 512 * 1024;

export const POST = route(async (request) => {
  const key = request.headers.get("x-pusher-key");
  const signature = request.headers.get("x-pusher-signature");
  if (!key || !signature) throw new AppError("unauthorized", "Missing X-Pusher-Key or X-Pusher-Signature: webhooks must be signed with the app secret.");
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType !== "application/json") throw new AppError("unsupported_media_type", "Webhooks are JSON (Content-Type: application/json).");
  const rawBody = await readBodyText(request, maxBodyBytes);
  const webhook = pusher.webhook({ headers: { "x-pusher-key": key, "x-pusher-signature": signature, "content-type": mediaType }, rawBody });
  // The SDK can only check the signature of a body it could parse; an unparsable one changes nothing either way.
  if (!webhook.isBodyValid()) throw new AppError("bad_request", "The webhook body is not valid JSON.");
  if (!webhook.isValid()) throw new AppError("unauthorized", "Invalid webhook signature.");
  const parsed = pusherWebhookSchema.safeParse(webhook.getData());
  if (!parsed.success) throw new AppError("bad_request", validationError(parsed.error).message);
  const userIds = presenceUserIds(parsed.data.events);
  await recordLastSeen({ userIds, at: new Date(parsed.data.time_ms) });
  return NextResponse.json({ ok: true });
});
