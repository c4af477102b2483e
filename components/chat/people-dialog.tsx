"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { readError } from "@/lib/client/sign-in";

export interface Person {
  id: string;
  name: string;
}

/** People the signed-in person shares a room with, matching `query` (GET /api/people), debounced. */
export function usePeopleSearch(query: string): { people: Person[] | null; error: string | null } {
  const [people, setPeople] = useState<Person[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/api/people?q=${encodeURIComponent(query.trim())}`, { signal: controller.signal })
        .then(async (response) => {
          if (!response.ok) throw new Error((await readError(response)).message);
          setPeople(((await response.json()) as { people: Person[] }).people);
          setError(null);
        })
        .catch((e: unknown) => {
          if (!controller.signal.aborted) setError(e instanceof Error && e.message ? e.message : "Can't reach Parley.");
        });
    }, 150);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);
  return { people, error };
}

/**
 * A button that opens a modal dialog (the native <dialog>: focus stays inside, Escape closes it,
 * focus returns to the button). The content mounts when it opens, so each opening starts fresh.
 */
export function DialogButton({ label, titleId, className, content: Content }: { label: string; titleId: string; className: string; content: React.ComponentType<{ onDone: () => void }> }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const close = useCallback(() => dialog.current?.close(), []);
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setOpen(true);
          dialog.current?.showModal();
        }}
        className={className}
      >
        {label}
      </button>
      <dialog
        ref={dialog}
        onClose={() => setOpen(false)}
        aria-labelledby={titleId}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
      >
        {open && <Content onDone={close} />}
      </dialog>
    </>
  );
}

/** A dialog's heading with its close button. */
export function DialogHeader({ id, title, onClose }: { id: string; title: string; onClose: () => void }) {
  return (
    <div className="flex items-center justify-between">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      <button type="button" onClick={onClose} className="rounded px-2 py-1 text-sm text-zinc-500 hover:bg-zinc-100 dark:hover:bg-zinc-800" aria-label="Close">
        ✕
      </button>
    </div>
  );
}
