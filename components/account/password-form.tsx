"use client";

import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { readError } from "@/lib/client/sign-in";
import { newPasswordSchema, passwordMinLength } from "@/lib/schemas/auth";

export interface PasswordFormProps {
  /** False for an account that only signed in through OAuth: it sets a first password without the current one. */
  hasPassword: boolean;
}

type Fields = Partial<Record<"currentPassword" | "newPassword", string>>;

/** Changes the password; every other session ends, this browser stays signed in. */
export function PasswordForm({ hasPassword: initiallyHasPassword }: PasswordFormProps) {
  const [hasPassword, setHasPassword] = useState(initiallyHasPassword);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Fields>({});
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const currentPassword = String(data.get("currentPassword") ?? "");
    const newPassword = String(data.get("newPassword") ?? "");
    setSaved(false);
    setError(null);
    const problems: Fields = {};
    if (hasPassword && !currentPassword) problems.currentPassword = "Enter your current password.";
    const parsed = newPasswordSchema.safeParse(newPassword);
    if (!parsed.success) problems.newPassword = parsed.error.issues[0]?.message;
    setFields(problems);
    if (Object.keys(problems).length > 0) return;
    setPending(true);
    try {
      const response = await fetch("/api/account/password", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ ...(hasPassword && { currentPassword }), newPassword }),
      });
      if (!response.ok) {
        const { message, fields: serverFields } = await readError(response);
        setError(message);
        setFields({ currentPassword: serverFields?.currentPassword, newPassword: serverFields?.newPassword });
        return;
      }
      form.reset();
      setHasPassword(true);
      setSaved(true);
    } catch {
      setError("Can't reach Parley. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="password-heading" className="mt-8 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="password-heading" className="font-semibold">
        {hasPassword ? "Password" : "Set a password"}
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        {hasPassword ? "Changing it signs you out everywhere else; you stay signed in here." : "You sign in through another service. Set a password to sign in with your email too."}
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate className="mt-3 flex flex-col gap-3">
        <FormAlert message={error} />
        {hasPassword && <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" error={fields.currentPassword} />}
        <TextField label="New password" name="newPassword" type="password" autoComplete="new-password" error={fields.newPassword} hint={`At least ${passwordMinLength} characters.`} />
        <div className="flex items-center gap-3">
          <SubmitButton pending={pending} label={hasPassword ? "Change password" : "Set password"} pendingLabel="Saving…" />
          <p role="status" className="text-sm text-green-700 dark:text-green-300">
            {saved ? "Password changed. Your other sessions were signed out." : ""}
          </p>
        </div>
      </form>
    </section>
  );
}
