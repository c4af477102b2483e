"use client";

import { formatBytes } from "@/lib/attachments-types";
import type { Upload } from "@/lib/client/uploads";

/** The files going with the next message: progress while uploading, the reason and Retry when one failed. */
export function ComposerUploads({ uploads, onRemove, onRetry }: { uploads: Upload[]; onRemove: (key: string) => void; onRetry: (key: string) => void }) {
  return (
    <ul className="mb-2 flex flex-wrap gap-2" aria-label="Files to send" data-testid="composer-uploads">
      {uploads.map((upload) => (
        <li
          key={upload.key}
          data-testid="composer-upload"
          data-status={upload.status}
          className={`flex w-56 max-w-full flex-col gap-1 rounded-md border px-2 py-1.5 text-sm ${upload.status === "failed" ? "border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950" : "border-zinc-200 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900"}`}
        >
          <div className="flex items-center gap-2">
            <span className="min-w-0 flex-1 truncate font-medium" title={upload.name}>
              {upload.name}
            </span>
            <span className="shrink-0 text-xs text-zinc-600 dark:text-zinc-300">{formatBytes(upload.size)}</span>
            <button type="button" onClick={() => onRemove(upload.key)} aria-label={`Remove ${upload.name}`} className="shrink-0 rounded px-1 text-zinc-600 hover:bg-zinc-200 dark:text-zinc-300 dark:hover:bg-zinc-700">
              ×
            </button>
          </div>
          {upload.status === "uploading" && (
            <progress className="h-1.5 w-full accent-brand-600" max={1} value={upload.progress} aria-label={`Uploading ${upload.name}`}>
              {Math.round(upload.progress * 100)}%
            </progress>
          )}
          {upload.status === "ready" && <span className="text-xs text-green-700 dark:text-green-300">Ready to send</span>}
          {upload.status === "failed" && (
            <span role="alert" className="text-xs text-red-700 dark:text-red-300">
              {upload.error}{" "}
              {!upload.error?.startsWith("A message can carry") && (
                <button type="button" onClick={() => onRetry(upload.key)} className="font-medium underline">
                  Retry
                </button>
              )}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
