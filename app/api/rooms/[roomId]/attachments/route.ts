import { NextResponse } from "next/server";
import { startUpload } from "@/lib/attachments";
import { withRoom } from "@/lib/authz/door";
import { parseBody } from "@/lib/http";
import { limiters } from "@/lib/rate-limit";
import { startUploadBodySchema } from "@/lib/schemas/attachments";

export const runtime = "nodejs";

/**
 * Starts sharing a file: checks the size limit and the person's quota, and answers where to PUT
 * the bytes (`upload`), then `POST …/{id}/complete`. See lib/attachments.ts for the whole flow.
 */
export const POST = withRoom(
  async (request, { ids: { roomId }, user }) => {
    const body = await parseBody(request, startUploadBodySchema);
    return NextResponse.json(await startUpload({ roomId, uploaderId: user.id, name: body.name, size: body.size }), { status: 201 });
  },
  {
    action: { type: "file.upload" },
    rateLimit: { limits: (user) => [[limiters.uploads, user.id]], message: "You are sharing files too fast. Try again in {seconds} seconds." },
  },
);
