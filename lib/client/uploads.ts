"use client";

// The composer's files: each one started on the server, its bytes PUT (with progress, which
// fetch cannot report, hence XMLHttpRequest) to where the server said (the app itself, or a
// presigned S3 URL), then completed (sniffed, thumbnailed). The message sends the finished ones.
import { useCallback, useEffect, useRef, useState } from "react";
import type { AttachmentDto } from "@/lib/attachments-types";
import { maxAttachmentsPerMessage } from "@/lib/attachments-types";

export interface Upload {
  key: string;
  name: string;
  size: number;
  /** 0..1 of the bytes sent. */
  progress: number;
  status: "uploading" | "ready" | "failed";
  error?: string;
  attachment?: AttachmentDto;
  file: File;
}

type Started = { attachment: AttachmentDto; upload: { url: string; method: "PUT"; headers: Record<string, string> } };

async function problem(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `Upload failed (HTTP ${response.status}).`;
}

function put(target: Started["upload"], file: File, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(target.method, target.url);
    for (const [name, value] of Object.entries(target.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      let message = `Upload failed (HTTP ${xhr.status}).`;
      try {
        message = (JSON.parse(xhr.responseText) as { error?: { message?: string } }).error?.message ?? message;
      } catch {
        // not JSON (a store's XML error)
      }
      reject(new Error(message));
    };
    xhr.onerror = () => reject(new Error("Upload failed: can't reach the server."));
    xhr.send(file);
  });
}

/** Uploads for one room's composer. */
export function useUploads(roomId: string) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const count = useRef(0);
  const current = useRef(uploads);
  useEffect(() => {
    current.current = uploads;
  }, [uploads]);

  const update = useCallback((key: string, change: Partial<Upload>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u))), []);

  const run = useCallback(
    async (key: string, file: File) => {
      update(key, { status: "uploading", progress: 0, error: undefined });
      try {
        const started = await fetch(`/api/rooms/${roomId}/attachments`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ name: file.name || "pasted file", size: file.size }),
        });
        if (!started.ok) throw new Error(await problem(started));
        const { attachment, upload } = (await started.json()) as Started;
        update(key, { attachment });
        await put(upload, file, (progress) => update(key, { progress }));
        const completed = await fetch(`/api/rooms/${roomId}/attachments/${attachment.id}/complete`, { method: "POST" });
        if (!completed.ok) throw new Error(await problem(completed));
        update(key, { status: "ready", progress: 1, attachment: ((await completed.json()) as { attachment: AttachmentDto }).attachment });
      } catch (error) {
        update(key, { status: "failed", error: error instanceof Error && error.message !== "Failed to fetch" ? error.message : "Upload failed: can't reach Parley." });
      }
    },
    [roomId, update],
  );

  /** Starts uploading `files`; past the per-message limit the rest are refused with a reason. */
  const add = useCallback(
    (files: File[]) => {
      const room = Math.max(0, maxAttachmentsPerMessage - current.current.length);
      const added = files.map((file, i): Upload => {
        const base = { key: `upload-${++count.current}`, name: file.name || "pasted file", size: file.size, progress: 0, file };
        return i < room ? { ...base, status: "uploading" } : { ...base, status: "failed", error: `A message can carry at most ${maxAttachmentsPerMessage} files.` };
      });
      setUploads((list) => [...list, ...added]);
      for (const upload of added) if (upload.status === "uploading") void run(upload.key, upload.file);
    },
    [run],
  );

  const retry = useCallback((key: string) => {
    const upload = uploads.find((u) => u.key === key);
    if (upload) void run(key, upload.file);
  }, [uploads, run]);

  /** Takes a file out of the message (and deletes the upload on the server, if it got that far). */
  const remove = useCallback(
    (key: string) => {
      const upload = uploads.find((u) => u.key === key);
      setUploads((list) => list.filter((u) => u.key !== key));
      if (upload?.attachment) void fetch(`/api/rooms/${roomId}/attachments/${upload.attachment.id}`, { method: "DELETE" }).catch(() => {});
    },
    [uploads, roomId],
  );

  /** After a send: the files now belong to the message. */
  const clear = useCallback(() => setUploads([]), []);

  const ready = uploads.filter((u) => u.status === "ready" && u.attachment).map((u) => u.attachment!);
  const busy = uploads.some((u) => u.status === "uploading");
  const failed = uploads.some((u) => u.status === "failed");
  return { uploads, add, retry, remove, clear, ready, busy, failed };
}
