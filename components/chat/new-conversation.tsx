"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { readError } from "@/lib/client/sign-in";

interface Person {
  id: string;
  name: string;
}

const maxOthers = 8;

/** Opens a conversation with `userIds` and goes there; answers the error message on failure. */
export async function startConversation(userIds: string[]): Promise<{ slug: string } | { error: string }> {
  try {
    const response = await fetch("/api/conversations", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ userIds }) });
    if (!response.ok) return { error: (await readError(response)).message };
    const { conversation } = (await response.json()) as { conversation: { slug: string } };
    return { slug: conversation.slug };
  } catch {
    return { error: "Can't reach Parley. Check your connection and try again." };
  }
}

/** "New message": pick one to eight people you share a room with (a modal dialog: Escape closes it). */
export function NewConversationButton({ className }: { className?: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setOpen(true);
          dialog.current?.showModal();
        }}
        className={className ?? "text-xs font-medium text-brand-600 hover:underline dark:text-brand-100"}
      >
        New message
      </button>
      <dialog
        ref={dialog}
        onClose={() => setOpen(false)}
        aria-labelledby="new-conversation-title"
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
      >
        {open && <Picker onDone={() => dialog.current?.close()} />}
      </dialog>
    </>
  );
}

function Picker({ onDone }: { onDone: () => void }) {
  const router = useRouter();
  const searchId = useId();
  const [query, setQuery] = useState("");
  const [people, setPeople] = useState<Person[] | null>(null);
  const [picked, setPicked] = useState<Person[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

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

  const toggle = (person: Person) =>
    setPicked((current) => (current.some((p) => p.id === person.id) ? current.filter((p) => p.id !== person.id) : current.length >= maxOthers ? current : [...current, person]));

  async function start() {
    if (picked.length === 0 || starting) return;
    setStarting(true);
    const result = await startConversation(picked.map((p) => p.id));
    setStarting(false);
    if ("error" in result) return setError(result.error);
    onDone();
    router.push(`/rooms/${result.slug}`);
  }

  return (
    <form
      method="dialog"
      className="flex flex-col gap-3 p-4"
      onSubmit={(event) => {
        event.preventDefault();
        void start();
      }}
    >
      <div className="flex items-center justify-between">
        <h2 id="new-conversation-title" className="text-lg font-semibold">
          New message
        </h2>
        <button type="button" onClick={onDone} className="rounded px-2 py-1 text-sm text-zinc-500 hover:bg-zinc-100 dark:hover:bg-zinc-800" aria-label="Close">
          ✕
        </button>
      </div>
      <label htmlFor={searchId} className="text-sm font-medium">
        To: people you share a room with
      </label>
      {picked.length > 0 && (
        <ul className="flex flex-wrap gap-1" aria-label="Picked">
          {picked.map((p) => (
            <li key={p.id}>
              <button type="button" onClick={() => toggle(p)} className="rounded-full bg-brand-50 px-2 py-0.5 text-sm text-brand-700 dark:bg-zinc-800 dark:text-brand-100" aria-label={`Remove ${p.name}`}>
                {p.name} ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        id={searchId}
        autoFocus
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder="Search by name"
        autoComplete="off"
        className="rounded-md border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-950"
      />
      <div className="max-h-64 overflow-y-auto" aria-live="polite">
        {people === null ? (
          <p className="py-2 text-sm text-zinc-500">Loading…</p>
        ) : people.length === 0 ? (
          <p className="py-2 text-sm text-zinc-500">{query ? `Nobody you share a room with matches "${query}".` : "Join a room to meet people."}</p>
        ) : (
          <ul className="flex flex-col" data-testid="people-results">
            {people.map((person) => {
              const selected = picked.some((p) => p.id === person.id);
              return (
                <li key={person.id}>
                  <label className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 hover:bg-zinc-100 dark:hover:bg-zinc-800">
                    <input type="checkbox" checked={selected} onChange={() => toggle(person)} disabled={!selected && picked.length >= maxOthers} />
                    <span>{person.name}</span>
                  </label>
                </li>
              );
            })}
          </ul>
        )}
      </div>
      {picked.length >= maxOthers && <p className="text-sm text-zinc-500">A conversation has at most {maxOthers + 1} people, you included.</p>}
      {error && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      <button type="submit" disabled={picked.length === 0 || starting} className="h-10 rounded-md bg-brand-600 px-4 font-medium text-white hover:bg-brand-700 disabled:opacity-50">
        {starting ? "Opening…" : picked.length > 1 ? "Start group conversation" : "Start conversation"}
      </button>
    </form>
  );
}
