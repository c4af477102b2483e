import { NextResponse } from "next/server";
import { assertSameOrigin, clientIp, parseBody, route } from "@/lib/http";
import { consumeOrThrow, limiters } from "@/lib/rate-limit";
import { registerBodySchema } from "@/lib/schemas/auth";
import { createUserWithPassword } from "@/lib/users";

export const runtime = "nodejs";

/** Creates an account. The client then signs in through next-auth with the same credentials. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const body = await parseBody(request, registerBodySchema, { accept: "json-or-form" });
  await consumeOrThrow(
    [[limiters.registerByIp, clientIp(request)]],
    "Too many new accounts from your network. Try again in {seconds} seconds.",
  );
  const user = await createUserWithPassword(body);
  return NextResponse.json({ user }, { status: 201 });
});
