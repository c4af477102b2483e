import { NextResponse } from "next/server";
import { completeUpload } from "@/lib/attachments";
import { withRoom } from "@/lib/authz/door";

export const runtime = "nodejs";

type Params = { roomId: string; attachmentId: string };

/** After the PUT: the bytes are checked (type sniffed, image thumbnailed) and the file is ready to send. */
export const POST = withRoom<Params>(
  async (_request, { ids: { roomId, attachmentId }, user }) => NextResponse.json({ attachment: await completeUpload({ roomId, attachmentId, uploaderId: user.id }) }),
  { action: { type: "file.upload" } },
);
