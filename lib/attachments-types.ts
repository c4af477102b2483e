// Files on messages, as the API and events carry them. No server-only imports: the client renders these.

/** At most this many files on one message. */
export const maxAttachmentsPerMessage = 10;

export interface AttachmentDto {
  id: string;
  name: string;
  /** Bytes. */
  size: number;
  /** Sniffed from the bytes by the server. */
  contentType: string;
  /** An image with a thumbnail: shown inline, full size in the viewer. */
  image: { width: number; height: number; thumbnailUrl: string } | null;
  /** The file itself, behind the room's membership check. */
  url: string;
}

export function attachmentDto(row: { id: string; roomId: string; name: string; size: number; contentType: string; width: number | null; height: number | null; thumbnailKey: string | null }): AttachmentDto {
  const url = `/api/rooms/${row.roomId}/attachments/${row.id}`;
  return {
    id: row.id,
    name: row.name,
    size: row.size,
    contentType: row.contentType,
    image: row.thumbnailKey ? { width: row.width ?? 0, height: row.height ?? 0, thumbnailUrl: `${url}?variant=thumbnail` } : null,
    url,
  };
}

/** 1,536 -> "1.5 KB" (powers of 1,024, as file managers show sizes). */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}
