"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { readError, signInWithPassword } from "@/lib/client/sign-in";
import { passwordMaxLength, passwordMinLength, registerBodySchema } from "@/lib/schemas/auth";
import { TextField } from "@/components/ui/text-field";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { useCooldown } from "@/components/auth/use-cooldown";

export interface RegisterFormProps {
  callbackUrl: string;
}

type Fields = Partial<Record<"name" | "email" | "password", string>>;

export function RegisterForm({ callbackUrl }: RegisterFormProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Fields>({});
  const [emailTaken, setEmailTaken] = useState(false);
  const [cooldown, startCooldown] = useCooldown();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = Object.fromEntries(new FormData(form));
    const parsed = registerBodySchema.safeParse(data);
    setEmailTaken(false);
    if (!parsed.success) {
      const next: Fields = {};
      for (const issue of parsed.error.issues) next[issue.path[0] as keyof Fields] ??= issue.message;
      setFields(next);
      setError(null);
      focusFirstInvalid(form, next);
      return;
    }
    setFields({});
    setError(null);
    setPending(true);
    try {
      const response = await fetch("/api/register", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(parsed.data),
      });
      if (!response.ok) {
        const problem = await readError(response);
        setEmailTaken(response.status === 409);
        setFields((problem.fields ?? {}) as Fields);
        setError(problem.message);
        if (problem.retryAfterSeconds) startCooldown(problem.retryAfterSeconds);
        setPending(false);
        return;
      }
    } catch {
      setError("Can't reach Parley. Check your connection and try again.");
      setPending(false);
      return;
    }
    const signedIn = await signInWithPassword({ email: parsed.data.email, password: parsed.data.password });
    if (signedIn.ok) {
      // A full navigation, so the header and every server component render with the new session.
      window.location.assign(callbackUrl);
      return;
    }
    // The account exists; only the automatic sign-in failed. Send them to sign in by hand.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- full load after an auth change
    window.location.assign(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}&email=${encodeURIComponent(parsed.data.email)}`);
  }

  const loginHref = `/login?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Create account">
      <TextField label="Name" name="name" autoComplete="name" required maxLength={80} autoFocus error={fields.name} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required error={fields.email} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={passwordMinLength}
        maxLength={passwordMaxLength}
        hint={`${passwordMinLength} to ${passwordMaxLength} characters.`}
        error={fields.password}
      />
      <FormAlert message={error}>
        {emailTaken && (
          <Link href={loginHref} className="font-medium underline">
            Sign in
          </Link>
        )}
        {cooldown > 0 && <span>({cooldown} s)</span>}
      </FormAlert>
      <SubmitButton pending={pending} disabled={cooldown > 0} label="Create account" pendingLabel="Creating account…" />
    </form>
  );
}

function focusFirstInvalid(form: HTMLFormElement, fields: Fields) {
  const first = (["name", "email", "password"] as const).find((name) => fields[name]);
  if (first) (form.elements.namedItem(first) as HTMLInputElement | null)?.focus();
}
