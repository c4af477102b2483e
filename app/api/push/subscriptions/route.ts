import { NextResponse } from "next/server";
import { withUser } from "@/lib/authz/door";
import { env } from "@/lib/env";
import { parseBody } from "@/lib/http";
import { deletePushSubscription, savePushSubscription } from "@/lib/push-subscriptions";
import { deletePushSubscriptionBodySchema, pushSubscriptionBodySchema } from "@/lib/schemas/push";

export const runtime = "nodejs";

const subscriptionSchema = pushSubscriptionBodySchema({ allowInsecure: env.PUSH_ALLOW_INSECURE_ENDPOINTS });

/** Registers this browser's push subscription for the caller (201), moving it from another account if it was theirs. */
export const POST = withUser(async (request, { user }) => {
  const body = await parseBody(request, subscriptionSchema);
  const saved = await savePushSubscription({ userId: user.id, endpoint: body.endpoint, p256dh: body.keys.p256dh, auth: body.keys.auth });
  return NextResponse.json({ subscription: { id: saved.id, endpoint: body.endpoint } }, { status: 201 });
});

/** Forgets one of the caller's subscriptions: 204 whether or not it existed. */
export const DELETE = withUser(async (request, { user }) => {
  const { endpoint } = await parseBody(request, deletePushSubscriptionBodySchema);
  await deletePushSubscription({ userId: user.id, endpoint });
  return new NextResponse(null, { status: 204 });
});
