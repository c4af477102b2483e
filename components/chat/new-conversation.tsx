"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { DialogButton, DialogHeader, usePeopleSearch, type Person } from "@/components/chat/people-dialog";
import { readError } from "@/lib/client/sign-in";

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
  return (
    <DialogButton label="New message" titleId="new-conversation-title" className={className ?? "text-xs font-medium text-brand-600 hover:underline dark:text-brand-100"} content={Picker} />
  );
}

function Picker({ onDone }: { onDone: () => void }) {
  const router = useRouter();
  const searchId = useId();
  const [query, setQuery] = useState("");
  const { people, error: searchError } = usePeopleSearch(query);
  const [picked, setPicked] = useState<Person[]>([]);
  const [startError, setError] = useState<string | null>(null);
  const error = startError ?? searchError;
  const [starting, setStarting] = useState(false);

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
      <DialogHeader id="new-conversation-title" title="New message" onClose={onDone} />
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
