import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NotificationSettings } from "@/components/account/notification-settings";
import { PasswordForm } from "@/components/account/password-form";
import { ProfileForm } from "@/components/account/profile-form";
import { SignOutEverywhere } from "@/components/account/sign-out-everywhere";
import { DesktopNotifications } from "@/components/notifications/desktop-notifications";
import { getAccount, getNotificationSettings } from "@/lib/account";
import { getPushPublicKey } from "@/lib/push";
import { requirePageUser } from "@/lib/session";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const sessionUser = await requirePageUser({ returnTo: "/account" });
  const [user, notifications] = await Promise.all([getAccount({ userId: sessionUser.id }), getNotificationSettings({ userId: sessionUser.id })]);
  if (!user) notFound();
  return (
    <div className="mx-auto w-full max-w-2xl px-4 py-8">
      <h1 className="text-2xl font-semibold tracking-tight">Your account</h1>
      <dl className="mt-6 divide-y divide-zinc-200 rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
        <Row label="Name" value={user.name} />
        <Row label="Email" value={user.email} />
        <Row label="Member since" value={user.createdAt.toLocaleDateString("en", { dateStyle: "long" })} />
      </dl>
      <ProfileForm name={user.name} />
      <PasswordForm hasPassword={user.hasPassword} />
      <NotificationSettings level={notifications.level} rooms={notifications.rooms}>
        <DesktopNotifications publicKey={getPushPublicKey()} />
      </NotificationSettings>
      <SignOutEverywhere />
    </div>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex flex-col gap-1 px-4 py-3 sm:flex-row sm:gap-4">
      <dt className="w-32 shrink-0 text-sm text-zinc-500">{label}</dt>
      <dd className="min-w-0 break-words" data-testid={`account-${label.toLowerCase().replace(/\s+/g, "-")}`}>
        {value}
      </dd>
    </div>
  );
}
