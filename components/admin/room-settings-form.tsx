"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { readError } from "@/lib/client/sign-in";

export interface RoomSettingsFormProps {
  room: { id: string; slug: string; name: string; description: string; visibility: "PUBLIC" | "PRIVATE" };
}

/** Name, description and visibility; only what changed is sent, and the form keeps its input on failure. */
export function RoomSettingsForm({ room }: RoomSettingsFormProps) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values = { name: String(form.get("name") ?? ""), description: String(form.get("description") ?? ""), visibility: String(form.get("visibility") ?? "") };
    const changes = Object.fromEntries(Object.entries(values).filter(([key, value]) => value !== room[key as keyof typeof values]));
    setPending(true);
    setError(null);
    setFields({});
    setSaved(false);
    try {
      const response = await fetch(`/api/rooms/${room.id}`, { method: "PATCH", headers: { "Content-Type": "application/json" }, body: JSON.stringify(changes) });
      if (!response.ok) {
        const problem = await readError(response);
        setFields(problem.fields ?? {});
        setError(problem.message);
        return;
      }
      setSaved(true);
      router.refresh();
    } catch {
      setError("Can't reach Parley. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Room settings" onChange={() => setSaved(false)}>
      <TextField label="Room name" name="name" required maxLength={80} defaultValue={room.name} error={fields.name} />
      <div className="flex flex-col gap-1.5">
        <label htmlFor="room-description" className="text-sm font-medium">
          Description
        </label>
        <textarea
          id="room-description"
          name="description"
          rows={3}
          maxLength={500}
          defaultValue={room.description}
          aria-invalid={fields.description ? true : undefined}
          className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-base outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 dark:border-zinc-700 dark:bg-zinc-900"
        />
        {fields.description && <p className="text-sm text-red-600 dark:text-red-400">{fields.description}</p>}
      </div>
      <fieldset className="flex flex-col gap-1 text-sm">
        <legend className="mb-1 font-medium">Who can join</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="visibility" value="PRIVATE" defaultChecked={room.visibility === "PRIVATE"} /> Private: only people who are invited
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="visibility" value="PUBLIC" defaultChecked={room.visibility === "PUBLIC"} /> Public: anyone signed in can find and join it
        </label>
      </fieldset>
      <p className="text-xs text-zinc-500">The room&apos;s address (/rooms/{room.slug}) stays the same when you rename it.</p>
      <FormAlert message={error} />
      {saved && (
        <p role="status" className="text-sm text-green-700 dark:text-green-300" data-testid="settings-saved">
          Saved.
        </p>
      )}
      <SubmitButton pending={pending} label="Save changes" pendingLabel="Saving…" />
    </form>
  );
}
