import { downloadAttachment, removeUpload } from "@/lib/attachments";
import { withRoom } from "@/lib/authz/door";
import { validationError } from "@/lib/http";
import { downloadQuerySchema } from "@/lib/schemas/attachments";

export const runtime = "nodejs";

type Params = { roomId: string; attachmentId: string };

/**
 * A file (or `?variant=thumbnail`), for members of the room now: the check runs on every request,
 * so a link saved by someone who has since left or been removed answers 404 (private) or 403.
 */
export const GET = withRoom<Params>(
  async (request, { ids: { roomId, attachmentId }, user }) => {
    const query = downloadQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw validationError(query.error);
    return downloadAttachment({ roomId, attachmentId, userId: user.id, thumbnail: query.data.variant === "thumbnail" });
  },
  { action: { type: "file.read" } },
);

/** Removes one's own upload that has not been sent (the composer's remove button). */
export const DELETE = withRoom<Params>(
  async (_request, { ids: { roomId, attachmentId }, user }) => {
    await removeUpload({ roomId, attachmentId, uploaderId: user.id });
    return new Response(null, { status: 204 });
  },
  { action: { type: "file.upload" } },
);
