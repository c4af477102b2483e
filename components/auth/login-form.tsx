"use client";

import { useState, type FormEvent } from "react";
import { signInWithPassword } from "@/lib/client/sign-in";
import { credentialsSchema } from "@/lib/schemas/auth";
import { TextField } from "@/components/ui/text-field";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { useCooldown } from "@/components/auth/use-cooldown";

export interface LoginFormProps {
  callbackUrl: string;
  initialEmail?: string;
}

export function LoginForm({ callbackUrl, initialEmail = "" }: LoginFormProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [cooldown, startCooldown] = useCooldown();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = credentialsSchema.safeParse({ email: form.get("email"), password: form.get("password") });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Enter your email and password.");
      return;
    }
    setPending(true);
    setError(null);
    const result = await signInWithPassword({ email: parsed.data.email, password: String(form.get("password")) });
    if (result.ok) {
      // A full navigation, so every server component renders with the new session cookie.
      window.location.assign(callbackUrl);
      return;
    }
    setPending(false);
    setError(result.message);
    // A short wait is counted down on the button; a long one (a block for this email) is in the
    // message, and the form stays usable for another account.
    if (result.retryAfterSeconds && result.retryAfterSeconds <= 60) startCooldown(result.retryAfterSeconds);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Sign in">
      <TextField label="Email" name="email" type="email" autoComplete="email" required autoFocus defaultValue={initialEmail} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
      <FormAlert message={error}>
        {cooldown > 0 && <span data-testid="cooldown">({cooldown} s)</span>}
      </FormAlert>
      <SubmitButton pending={pending} disabled={cooldown > 0} label={cooldown > 0 ? `Try again in ${cooldown} s` : "Sign in"} pendingLabel="Signing in…" />
    </form>
  );
}
