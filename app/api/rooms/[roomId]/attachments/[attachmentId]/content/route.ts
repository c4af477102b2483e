import { receiveUpload } from "@/lib/attachments";
import { withRoom } from "@/lib/authz/door";
import { AppError } from "@/lib/errors";
import { readBodyBytes } from "@/lib/http";
import { storage } from "@/lib/storage";

export const runtime = "nodejs";

type Params = { roomId: string; attachmentId: string };

/**
 * The bytes of a pending upload, for the embedded store (with S3 the browser PUTs to the store
 * itself). At most the size the upload was started with: more is a 413.
 */
export const PUT = withRoom<Params>(
  async (request, { ids: { roomId, attachmentId }, user }) => {
    if (storage().kind !== "local") throw new AppError("not_found", "Uploads go to the file store directly.");
    await receiveUpload({
      roomId,
      attachmentId,
      uploaderId: user.id,
      read: (maxBytes) => readBodyBytes(request, maxBytes, "The file is larger than the upload announced."),
    });
    return new Response(null, { status: 204 });
  },
  { action: { type: "file.upload" } },
);
