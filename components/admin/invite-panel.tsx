"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { readError } from "@/lib/client/sign-in";

export interface InvitationRow {
  id: string;
  kind: "link" | "email";
  email: string | null;
  state: "valid" | "expired" | "revoked" | "declined" | "used_up";
  uses: number;
  maxUses: number | null;
  expiresAt: string;
  createdBy: string | null;
}

const expiryChoices = [
  { hours: 1, label: "1 hour" },
  { hours: 24, label: "1 day" },
  { hours: 168, label: "7 days" },
  { hours: 720, label: "30 days" },
];
const useChoices = [1, 5, 10, 25, 100, 1000];
const stateLabels: Record<InvitationRow["state"], string> = { valid: "active", expired: "expired", revoked: "revoked", declined: "declined", used_up: "used up" };
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Invite by email, make shareable links, and see and revoke the room's invitations. */
export function InvitePanel({ roomId, invitations }: { roomId: string; invitations: InvitationRow[] }) {
  const router = useRouter();
  const [pending, setPending] = useState<"email" | "link" | null>(null);
  const [error, setError] = useState<{ form: "email" | "link" | "list"; message: string } | null>(null);
  const [result, setResult] = useState<{ message: string; url?: string } | null>(null);
  const [copied, setCopied] = useState(false);

  async function create(event: FormEvent<HTMLFormElement>, form: "email" | "link") {
    event.preventDefault();
    const element = event.currentTarget;
    const data = new FormData(element);
    const body =
      form === "email"
        ? { email: data.get("email") }
        : { expiresInHours: Number(data.get("expiresInHours")), maxUses: data.get("maxUses") === "unlimited" ? null : Number(data.get("maxUses")) };
    setPending(form);
    setError(null);
    setResult(null);
    setCopied(false);
    try {
      const response = await fetch(`/api/rooms/${roomId}/invitations`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      if (!response.ok) {
        const problem = await readError(response);
        setError({ form, message: problem.fields?.email ?? problem.message });
        return;
      }
      const { invitation } = (await response.json()) as { invitation: { url: string | null; email?: string; emailed?: boolean } };
      if (form === "email") {
        setResult(
          invitation.emailed
            ? { message: `We emailed an invitation to ${invitation.email}. If they have an account, they'll also see it on their home page.` }
            : {
                message: `Invitation for ${invitation.email} created. This server can't send email, so send them this link (it works once, for 7 days). If they have an account, they'll also see it on their home page.`,
                url: invitation.url!,
              },
        );
      } else {
        setResult({ message: "Your new invitation link. Copy it now: it is shown only once.", url: invitation.url! });
      }
      if (form === "email") element.reset();
      router.refresh();
    } catch {
      setError({ form, message: "Can't reach Parley. Check your connection and try again." });
    } finally {
      setPending(null);
    }
  }

  async function revoke(id: string) {
    setError(null);
    const response = await fetch(`/api/rooms/${roomId}/invitations/${id}`, { method: "DELETE" }).catch(() => null);
    if (!response?.ok) {
      setError({ form: "list", message: response ? (await readError(response)).message : "Can't reach Parley. Check your connection and try again." });
      return;
    }
    router.refresh();
  }

  const fieldClass = "h-9 rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";
  const buttonClass = "h-9 rounded-md bg-brand-600 px-3 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60";

  return (
    <section aria-labelledby="invite-heading" className="flex flex-col gap-4">
      <h2 id="invite-heading" className="text-sm font-semibold uppercase tracking-wide text-zinc-500">
        Invite people
      </h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <form onSubmit={(e) => void create(e, "email")} noValidate className="flex flex-col gap-2 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800" aria-label="Email invitation">
          <label htmlFor="invite-email" className="text-sm font-medium">
            Invite by email
          </label>
          <div className="flex gap-2">
            <input id="invite-email" name="email" type="email" required autoComplete="off" placeholder="name@example.com" className={`${fieldClass} min-w-0 flex-1`} aria-invalid={error?.form === "email" ? true : undefined} />
            <button type="submit" disabled={pending !== null} className={buttonClass}>
              {pending === "email" ? "Inviting…" : "Invite"}
            </button>
          </div>
          {error?.form === "email" && (
            <p role="alert" className="text-sm text-red-600 dark:text-red-400">
              {error.message}
            </p>
          )}
        </form>
        <form onSubmit={(e) => void create(e, "link")} className="flex flex-col gap-2 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800" aria-label="Create an invitation link">
          <span className="text-sm font-medium">Shareable link</span>
          <div className="flex flex-wrap gap-2">
            <label className="flex items-center gap-1 text-sm">
              <span className="sr-only">Expires after</span>
              <select name="expiresInHours" defaultValue="168" className={fieldClass} aria-label="Expires after">
                {expiryChoices.map((c) => (
                  <option key={c.hours} value={c.hours}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
            <select name="maxUses" defaultValue="unlimited" className={fieldClass} aria-label="Maximum uses">
              {useChoices.map((n) => (
                <option key={n} value={n}>
                  {n === 1 ? "1 use" : `${n} uses`}
                </option>
              ))}
              <option value="unlimited">Unlimited uses</option>
            </select>
            <button type="submit" disabled={pending !== null} className={buttonClass}>
              {pending === "link" ? "Creating…" : "Create link"}
            </button>
          </div>
          {error?.form === "link" && (
            <p role="alert" className="text-sm text-red-600 dark:text-red-400">
              {error.message}
            </p>
          )}
        </form>
      </div>

      {result && (
        <div role="status" className="flex flex-col gap-2 rounded-xl bg-green-50 p-4 text-sm text-green-900 dark:bg-green-950 dark:text-green-100" data-testid="invite-result">
          <p>{result.message}</p>
          {result.url && (
            <div className="flex gap-2">
              <input readOnly value={result.url} aria-label="Invitation link" onFocus={(e) => e.currentTarget.select()} className={`${fieldClass} min-w-0 flex-1 font-mono text-xs`} data-testid="invite-url" />
              <button
                type="button"
                onClick={() => void navigator.clipboard?.writeText(result.url!).then(() => setCopied(true), () => setCopied(false))}
                className="h-9 rounded-md border border-green-300 px-3 text-sm font-medium hover:bg-green-100 dark:border-green-800 dark:hover:bg-green-900"
              >
                {copied ? "Copied" : "Copy"}
              </button>
            </div>
          )}
        </div>
      )}

      {error?.form === "list" && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error.message}
        </p>
      )}
      {invitations.length === 0 ? (
        <p className="text-sm text-zinc-500">No invitations yet.</p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-left text-sm" data-testid="invitations-table">
            <thead className="bg-zinc-50 text-xs uppercase text-zinc-500 dark:bg-zinc-900">
              <tr>
                <th className="px-3 py-2 font-medium">Invitation</th>
                <th className="px-3 py-2 font-medium">State</th>
                <th className="px-3 py-2 font-medium">Uses</th>
                <th className="px-3 py-2 font-medium">Expires</th>
                <th className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {invitations.map((invitation) => (
                <tr key={invitation.id}>
                  <td className="px-3 py-2">
                    {invitation.kind === "link" ? "Link" : invitation.email}
                    {invitation.createdBy && <span className="block text-xs text-zinc-500">by {invitation.createdBy}</span>}
                  </td>
                  <td className="px-3 py-2">{stateLabels[invitation.state]}</td>
                  <td className="px-3 py-2 tabular-nums">
                    {invitation.uses}
                    {invitation.maxUses === null ? " / ∞" : ` / ${invitation.maxUses}`}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">{dateTime.format(new Date(invitation.expiresAt))}</td>
                  <td className="px-3 py-2 text-right">
                    {invitation.state === "valid" && (
                      <button type="button" onClick={() => void revoke(invitation.id)} className="rounded-md border border-zinc-300 px-2 py-0.5 text-xs font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
