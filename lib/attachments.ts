import "server-only";
import { createId } from "@paralleldrive/cuid2";
import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { attachmentDto, formatBytes, type AttachmentDto } from "@/lib/attachments-types";
import { storage } from "@/lib/storage";

// Files shared in rooms. A file is uploaded before the message that carries it:
//   1. POST   …/attachments            {name, size}  -> a PENDING row and where to PUT the bytes
//   2. PUT    the upload URL           (the app's own route, or a presigned S3 URL)
//   3. POST   …/attachments/{id}/complete            -> sniffed, thumbnailed, READY
//   4. POST   …/messages {attachmentIds}             -> attached by the statement that sends
// Every step, and every download, is behind the room door (current members only).

/** Images that get a thumbnail and show inline; anything else is a download. */
const inlineImages = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);
const thumbnailSize = 480;
/** Unattached uploads older than this are swept when their uploader starts another. */
const abandonedAfterMs = 24 * 60 * 60 * 1000;

export type { AttachmentDto };

const rowSelect = { id: true, roomId: true, name: true, size: true, contentType: true, width: true, height: true, thumbnailKey: true } as const;

/** A file name as shown and offered on download: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f]/g, "").trim().slice(0, 200);
  return clean || "file";
}

/**
 * Starts an upload of `size` bytes by `uploaderId` in `roomId` (the door has checked membership):
 * the size limit and the person's quota are checked here, under a per-person lock so two uploads
 * at once cannot both fit the last of the quota.
 */
export async function startUpload({ roomId, uploaderId, name, size }: { roomId: string; uploaderId: string; name: string; size: number }) {
  if (size > env.UPLOAD_MAX_BYTES) throw new AppError("payload_too_large", `${cleanFileName(name)} is ${formatBytes(size)}; files can be at most ${formatBytes(env.UPLOAD_MAX_BYTES)}.`);
  const abandoned = await prisma.attachment.findMany({
    where: { uploaderId, messageId: null, createdAt: { lt: new Date(Date.now() - abandonedAfterMs) } },
    select: { id: true, storageKey: true, thumbnailKey: true },
  });
  if (abandoned.length > 0) await forget(abandoned);
  const id = createId();
  const row = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('upload-quota'), hashtext(${uploaderId}))`;
    const { _sum } = await tx.attachment.aggregate({ where: { uploaderId }, _sum: { size: true } });
    const used = _sum.size ?? 0;
    if (used + size > env.UPLOAD_QUOTA_BYTES) {
      throw new AppError("payload_too_large", `Your files add up to ${formatBytes(used)} of your ${formatBytes(env.UPLOAD_QUOTA_BYTES)}; ${cleanFileName(name)} does not fit. Delete some messages with files to make room.`);
    }
    return tx.attachment.create({ data: { id, roomId, uploaderId, name: cleanFileName(name), size, storageKey: `${id}/original` }, select: { ...rowSelect, storageKey: true } });
  });
  const upload = await storage().uploadTarget(row.storageKey, { size, contentType: "application/octet-stream", localUrl: `/api/rooms/${roomId}/attachments/${id}/content` });
  return { attachment: attachmentDto(row), upload };
}

async function pendingUpload({ roomId, attachmentId, uploaderId }: { roomId: string; attachmentId: string; uploaderId: string }) {
  const row = await prisma.attachment.findFirst({ where: { id: attachmentId, roomId, uploaderId, status: "PENDING" }, select: { ...rowSelect, storageKey: true } });
  if (!row) throw new AppError("not_found", "That upload is not waiting for a file (it finished, was removed, or is someone else's).");
  return row;
}

/** The local store's PUT: the bytes of a pending upload, at most the size it was started with. */
export async function receiveUpload({ roomId, attachmentId, uploaderId, read }: { roomId: string; attachmentId: string; uploaderId: string; read: (maxBytes: number) => Promise<Buffer> }) {
  const row = await pendingUpload({ roomId, attachmentId, uploaderId });
  const data = await read(row.size);
  await storage().write(row.storageKey, data, "application/octet-stream");
}

/** What the bytes are, whatever the name or the browser says. */
async function sniff(data: Buffer): Promise<string> {
  const found = await fileTypeFromBuffer(data);
  if (found) return found.mime;
  // No magic number: text if it decodes as UTF-8 (a cut last character allowed) without NUL, else opaque bytes.
  const head = data.subarray(0, 64 * 1024);
  if (head.includes(0)) return "application/octet-stream";
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return "text/plain; charset=utf-8";
  } catch {
    return "application/octet-stream";
  }
}

/**
 * Checks the uploaded bytes and makes the file usable: its type sniffed, and for a PNG, JPEG, GIF
 * or WebP image its dimensions and a thumbnail (WebP, at most 480 px). An image sharp cannot
 * read, or one of more than 50 megapixels (a decompression bomb fits in a few KB), is kept as a
 * plain file.
 */
export async function completeUpload({ roomId, attachmentId, uploaderId }: { roomId: string; attachmentId: string; uploaderId: string }): Promise<AttachmentDto> {
  const row = await pendingUpload({ roomId, attachmentId, uploaderId });
  const data = await storage().read(row.storageKey);
  if (!data) throw new AppError("conflict", "The file has not been uploaded yet.");
  if (data.length !== row.size) {
    await forget([{ id: row.id, storageKey: row.storageKey, thumbnailKey: null }]);
    throw new AppError("unprocessable", `The upload of ${row.name} was ${formatBytes(data.length)}, not the ${formatBytes(row.size)} announced. Try it again.`);
  }
  let contentType = await sniff(data);
  let image: { width: number; height: number; thumbnailKey: string } | null = null;
  if (inlineImages.has(contentType)) {
    try {
      const source = sharp(data, { limitInputPixels: 50_000_000, animated: false });
      const { width, height, orientation } = await source.metadata();
      const thumbnail = await source.rotate().resize(thumbnailSize, thumbnailSize, { fit: "inside", withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
      const thumbnailKey = `${row.id}/thumbnail`;
      await storage().write(thumbnailKey, thumbnail, "image/webp");
      // EXIF orientations 5-8 turn the picture a quarter: its shown width is its stored height.
      const turned = orientation !== undefined && orientation >= 5;
      image = { width: (turned ? height : width) ?? 0, height: (turned ? width : height) ?? 0, thumbnailKey };
    } catch (error) {
      log.warn("thumbnail failed", { attachment_id: row.id, error: String(error) });
      contentType = "application/octet-stream";
    }
  }
  const ready = await prisma.attachment.update({
    where: { id: row.id },
    data: { status: "READY", contentType, ...(image && { width: image.width, height: image.height, thumbnailKey: image.thumbnailKey }) },
    select: rowSelect,
  });
  return attachmentDto(ready);
}

/** Removes an upload that is not (yet) part of a message: the composer's ×. */
export async function removeUpload({ roomId, attachmentId, uploaderId }: { roomId: string; attachmentId: string; uploaderId: string }) {
  const row = await prisma.attachment.findFirst({ where: { id: attachmentId, roomId, uploaderId, messageId: null }, select: { id: true, storageKey: true, thumbnailKey: true } });
  if (!row) throw new AppError("not_found", "That upload is gone, or already sent (delete the message to remove it).");
  await forget([row]);
}

/** Deletes rows and then their bytes (best effort: a file left in the store is logged, never served). */
export async function forget(rows: { id: string; storageKey: string; thumbnailKey: string | null }[]) {
  if (rows.length === 0) return;
  await prisma.attachment.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
  await deleteStored(rows);
}

/** The bytes of rows already deleted (a message's, when it is deleted). */
export async function deleteStored(rows: { storageKey: string; thumbnailKey: string | null }[]) {
  const keys = rows.flatMap((r) => [r.storageKey, ...(r.thumbnailKey ? [r.thumbnailKey] : [])]);
  try {
    await storage().delete(keys);
  } catch (error) {
    log.warn("file delete failed", { keys: keys.length, error: String(error) });
  }
}

/**
 * The response for a download by a member of `roomId` (the door checked): a file of a message
 * that is not deleted, or the caller's own upload not yet sent. Anything else is a 404.
 */
export async function downloadAttachment({ roomId, attachmentId, userId, thumbnail }: { roomId: string; attachmentId: string; userId: string; thumbnail: boolean }): Promise<Response> {
  const row = await prisma.attachment.findFirst({
    where: { id: attachmentId, roomId, status: "READY", OR: [{ message: { deletedAt: null } }, { messageId: null, uploaderId: userId }] },
    select: { name: true, contentType: true, storageKey: true, thumbnailKey: true },
  });
  if (!row || (thumbnail && !row.thumbnailKey)) throw new AppError("not_found", "File not found.");
  if (thumbnail) return storage().download(row.thumbnailKey!, { contentType: "image/webp", disposition: "inline" });
  const encoded = encodeURIComponent(row.name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const ascii = row.name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const disposition = `${inlineImages.has(row.contentType) ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
  return storage().download(row.storageKey, { contentType: row.contentType, disposition });
}
