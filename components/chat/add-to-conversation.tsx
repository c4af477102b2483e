"use client";

import { useRouter } from "next/navigation";
import { useCallback, useId, useState } from "react";
import { DialogButton, DialogHeader, usePeopleSearch, type Person } from "@/components/chat/people-dialog";
import { readError } from "@/lib/client/sign-in";

/** "Add people" in a group conversation: anyone in it may add someone they share a room with. */
export function AddToConversationButton({ roomId }: { roomId: string }) {
  return (
    <DialogButton
      label="Add people"
      titleId="add-people-title"
      className="rounded-md px-2 py-1 text-xs font-medium text-brand-600 hover:bg-zinc-100 dark:text-brand-100 dark:hover:bg-zinc-800"
      content={useCallback(({ onDone }: { onDone: () => void }) => <AddPicker roomId={roomId} onDone={onDone} />, [roomId])}
    />
  );
}

function AddPicker({ roomId, onDone }: { roomId: string; onDone: () => void }) {
  const router = useRouter();
  const searchId = useId();
  const [query, setQuery] = useState("");
  const { people, error: searchError } = usePeopleSearch(query);
  const [addError, setError] = useState<string | null>(null);
  const error = addError ?? searchError;
  const [adding, setAdding] = useState<string | null>(null);

  async function add(person: Person) {
    setAdding(person.id);
    setError(null);
    try {
      const response = await fetch(`/api/conversations/${roomId}/members`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ userId: person.id }) });
      if (!response.ok) return setError((await readError(response)).message);
      onDone();
      router.refresh();
    } catch {
      setError("Can't reach Parley. Check your connection and try again.");
    } finally {
      setAdding(null);
    }
  }

  return (
    <div className="flex flex-col gap-3 p-4">
      <DialogHeader id="add-people-title" title="Add people" onClose={onDone} />
      <p className="text-sm text-zinc-500">They will see the whole conversation, including what was said before.</p>
      <label htmlFor={searchId} className="text-sm font-medium">
        Search people you share a room with
      </label>
      <input id={searchId} autoFocus value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" className="rounded-md border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-950" />
      {people === null ? (
        <p className="text-sm text-zinc-500">Loading…</p>
      ) : people.length === 0 ? (
        <p className="text-sm text-zinc-500">Nobody matches.</p>
      ) : (
        <ul className="flex max-h-64 flex-col overflow-y-auto">
          {people.map((person) => (
            <li key={person.id} className="flex items-center justify-between gap-2 px-1 py-1">
              <span className="truncate">{person.name}</span>
              <button type="button" disabled={adding !== null} onClick={() => void add(person)} className="rounded-md border border-zinc-300 px-2 py-0.5 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800">
                {adding === person.id ? "Adding…" : "Add"}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
