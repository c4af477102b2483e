"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { readError } from "@/lib/client/sign-in";

export function CreateRoomForm() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/rooms", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name: form.get("name"), description: form.get("description"), visibility: form.get("visibility") }),
      });
      if (!response.ok) {
        const problem = await readError(response);
        setFields(problem.fields ?? {});
        setError(problem.message);
        setPending(false);
        return;
      }
      const { room } = (await response.json()) as { room: { slug: string } };
      router.push(`/rooms/${room.slug}`);
      router.refresh();
    } catch {
      setError("Can't reach Parley. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3" aria-label="Create a room">
      <TextField label="Room name" name="name" required maxLength={80} error={fields.name} />
      <TextField label="Description (optional)" name="description" maxLength={500} error={fields.description} />
      <fieldset className="flex flex-col gap-1 text-sm">
        <legend className="mb-1 font-medium">Who can join</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="visibility" value="PRIVATE" defaultChecked /> Private: only people who are added
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="visibility" value="PUBLIC" /> Public: anyone signed in can find and join it
        </label>
      </fieldset>
      <FormAlert message={error} />
      <SubmitButton pending={pending} label="Create room" pendingLabel="Creating…" />
    </form>
  );
}
