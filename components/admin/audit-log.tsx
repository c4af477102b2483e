"use client";

import { useState } from "react";
import { describeAuditEntry } from "@/lib/audit-text";
import { readError } from "@/lib/client/sign-in";

export interface AuditPage {
  entries: { id: string; action: string; actor: { id: string; name: string } | null; target: { id: string; name: string | null } | null; details: unknown; createdAt: string }[];
  nextCursor: string | null;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The room's audit log, newest first; older pages load on demand. Keyed by its newest entry, so a refresh starts over. */
export function AuditLog({ roomId, initial }: { roomId: string; initial: AuditPage }) {
  const [older, setOlder] = useState<AuditPage["entries"]>([]);
  const [cursor, setCursor] = useState(initial.nextCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function loadOlder() {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    try {
      const response = await fetch(`/api/rooms/${roomId}/audit-log?before=${encodeURIComponent(cursor)}`);
      if (!response.ok) return setError((await readError(response)).message);
      const page = (await response.json()) as AuditPage;
      setOlder((current) => [...current, ...page.entries]);
      setCursor(page.nextCursor);
    } catch {
      setError("Can't reach Parley. Check your connection and try again.");
    } finally {
      setLoading(false);
    }
  }

  const entries = [...initial.entries, ...older];
  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading" className="text-sm font-semibold uppercase tracking-wide text-zinc-500">
        Audit log
      </h2>
      {entries.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-500">Nothing has happened here yet.</p>
      ) : (
        <ol className="mt-2 flex flex-col divide-y divide-zinc-200 rounded-xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" data-testid="audit-log">
          {entries.map((entry) => (
            <li key={entry.id} className="flex flex-col gap-0.5 px-4 py-2 text-sm sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
              <span>{describeAuditEntry(entry)}</span>
              <time dateTime={entry.createdAt} className="shrink-0 text-xs text-zinc-500">
                {dateTime.format(new Date(entry.createdAt))}
              </time>
            </li>
          ))}
        </ol>
      )}
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      {cursor && (
        <button type="button" onClick={() => void loadOlder()} disabled={loading} className="mt-2 rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800">
          {loading ? "Loading…" : "Show older entries"}
        </button>
      )}
    </section>
  );
}
