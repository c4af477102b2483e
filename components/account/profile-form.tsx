"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { readError } from "@/lib/client/sign-in";
import { displayNameSchema } from "@/lib/schemas/auth";

export interface ProfileFormProps {
  name: string;
}

/** Changes the display name; the header and every page show it from the refresh on. */
export function ProfileForm({ name: initialName }: ProfileFormProps) {
  const router = useRouter();
  const [name, setName] = useState(initialName);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    setError(null);
    const parsed = displayNameSchema.safeParse(name);
    if (!parsed.success) return setFieldError(parsed.error.issues[0]?.message);
    setFieldError(undefined);
    setPending(true);
    try {
      const response = await fetch("/api/account", { method: "PATCH", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: parsed.data }) });
      if (!response.ok) {
        const { message, fields } = await readError(response);
        if (fields?.name) setFieldError(fields.name);
        else setError(message);
        return;
      }
      const { user } = (await response.json()) as { user: { name: string } };
      setName(user.name);
      setSaved(true);
      router.refresh();
    } catch {
      setError("Can't reach Parley. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="profile-heading" className="mt-8 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="profile-heading" className="font-semibold">
        Profile
      </h2>
      <form onSubmit={(e) => void submit(e)} noValidate className="mt-3 flex flex-col gap-3">
        <FormAlert message={error} />
        <TextField label="Display name" name="name" autoComplete="name" maxLength={80} value={name} error={fieldError} hint="Shown to everyone you share a room with." onChange={(e) => { setName(e.target.value); setSaved(false); }} />
        <div className="flex items-center gap-3">
          <SubmitButton pending={pending} label="Save name" pendingLabel="Saving…" />
          <p role="status" className="text-sm text-green-700 dark:text-green-300">
            {saved ? "Saved. Your new name shows everywhere." : ""}
          </p>
        </div>
      </form>
    </section>
  );
}
