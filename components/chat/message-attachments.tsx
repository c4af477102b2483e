"use client";

import { useRef, useState } from "react";
import { formatBytes, type AttachmentDto } from "@/lib/attachments-types";

/** A message's files: images as thumbnails that open full size, anything else as a card to download. */
export function MessageAttachments({ attachments }: { attachments: AttachmentDto[] }) {
  const [open, setOpen] = useState<AttachmentDto | null>(null);
  const viewer = useRef<HTMLDialogElement>(null);
  if (attachments.length === 0) return null;

  function show(attachment: AttachmentDto) {
    setOpen(attachment);
    requestAnimationFrame(() => viewer.current?.showModal());
  }

  return (
    <div className="mt-1 flex flex-wrap items-start gap-2" data-testid="message-attachments">
      {attachments.map((attachment) =>
        attachment.image ? (
          <button
            key={attachment.id}
            type="button"
            onClick={() => show(attachment)}
            className="overflow-hidden rounded-md border border-zinc-200 focus-visible:ring-2 focus-visible:ring-brand-500 dark:border-zinc-700"
            aria-label={`Open ${attachment.name} full size`}
          >
            {/* eslint-disable-next-line @next/next/no-img-element -- a member-only URL: next/image's optimizer would fetch it without the viewer's session */}
            <img
              src={attachment.image.thumbnailUrl}
              alt={attachment.name}
              data-testid="attachment-thumbnail"
              loading="lazy"
              width={thumbnailBox(attachment.image).width}
              height={thumbnailBox(attachment.image).height}
              className="block max-h-60 max-w-full bg-zinc-100 object-contain dark:bg-zinc-800"
            />
          </button>
        ) : (
          <a
            key={attachment.id}
            href={attachment.url}
            download={attachment.name}
            data-testid="attachment-file"
            className="flex w-64 max-w-full items-center gap-3 rounded-md border border-zinc-200 px-3 py-2 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            <svg data-app-icon aria-hidden="true" viewBox="0 0 24 24" className="h-8 w-8 shrink-0 text-zinc-500 dark:text-zinc-400" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round">
              <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
              <path d="M14 3v5h5M9 13h6M9 17h6" />
            </svg>
            <span className="min-w-0 flex-1">
              <span className="block truncate font-medium text-brand-700 dark:text-brand-100">{attachment.name}</span>
              <span className="block text-xs text-zinc-600 dark:text-zinc-300">
                {formatBytes(attachment.size)} · {describeType(attachment.contentType)}
              </span>
            </span>
          </a>
        ),
      )}
      <dialog
        ref={viewer}
        onClose={() => setOpen(null)}
        onClick={(event) => event.target === viewer.current && viewer.current?.close()}
        aria-label={open ? `${open.name}, full size` : undefined}
        className="m-auto max-h-[95vh] max-w-[95vw] rounded-lg bg-white p-0 shadow-xl backdrop:bg-black/70 dark:bg-zinc-900"
      >
        {open && (
          <div className="flex flex-col">
            <div className="flex items-center gap-3 border-b border-zinc-200 px-3 py-2 text-sm dark:border-zinc-700">
              <span className="min-w-0 flex-1 truncate font-medium">{open.name}</span>
              <a href={open.url} download={open.name} className="text-brand-700 underline dark:text-brand-100">
                Download
              </a>
              <button type="button" onClick={() => viewer.current?.close()} className="rounded px-2 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800" autoFocus>
                Close
              </button>
            </div>
            {/* eslint-disable-next-line @next/next/no-img-element -- see above */}
            <img src={open.url} alt={open.name} data-testid="attachment-full" className="max-h-[85vh] max-w-[95vw] object-contain" />
          </div>
        )}
      </dialog>
    </div>
  );
}

/** The thumbnail's box (at most 240 px high and 320 wide), so the list does not jump as images load. */
function thumbnailBox({ width, height }: { width: number; height: number }) {
  if (!width || !height) return { width: 240, height: 240 };
  const scale = Math.min(1, 240 / height, 320 / width);
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

function describeType(contentType: string): string {
  const type = contentType.split(";")[0]!;
  if (type === "application/pdf") return "PDF";
  if (type === "text/plain") return "Text";
  if (type === "application/zip") return "ZIP archive";
  if (type.startsWith("image/")) return `${type.slice(6).toUpperCase()} image`;
  if (type.startsWith("video/")) return "Video";
  if (type.startsWith("audio/")) return "Audio";
  return type === "application/octet-stream" ? "File" : type;
}
