"use client";

import { useEffect, useState } from "react";
import { currentPushSubscription as currentSubscription, forgetThisBrowser } from "@/lib/client/push-subscription";
import { readError } from "@/lib/client/sign-in";

export interface DesktopNotificationsProps {
  /** The server's VAPID public key (getPushPublicKey() in lib/push.ts); null when push is not configured. */
  publicKey: string | null;
}

type Status =
  | "checking"
  | "unsupported"
  | "blocked"
  | "off"
  | "on"
  /** Permission granted, but no push here (server not configured, or a browser without Push): in-page notifications only. */
  | "in-page"
  | "pending";

const buttonClass =
  "rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800";

function pushSupported(): boolean {
  return "serviceWorker" in navigator && "PushManager" in window;
}

function keyBytes(base64Url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64Url.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(base64Url.length / 4) * 4, "=");
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function sameKey(subscription: PushSubscription, publicKey: string): boolean {
  const current = subscription.options.applicationServerKey;
  if (!current) return false;
  const a = new Uint8Array(current);
  const b = keyBytes(publicKey);
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

async function register(subscription: PushSubscription): Promise<Response | null> {
  const json = subscription.toJSON();
  return fetch("/api/push/subscriptions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ endpoint: json.endpoint, keys: json.keys }),
  }).catch(() => null);
}

/** The "Desktop notifications" control of /account: asks for permission only when clicked. */
export function DesktopNotifications({ publicKey }: DesktopNotificationsProps) {
  const [status, setStatus] = useState<Status>("checking");
  const [error, setError] = useState<string | null>(null);
  const pushAvailable = publicKey !== null;

  useEffect(() => {
    let cancelled = false;
    (async (): Promise<Status> => {
      if (typeof Notification === "undefined") return "unsupported";
      if (Notification.permission === "denied") return "blocked";
      if (Notification.permission !== "granted") return "off";
      if (!pushAvailable || !pushSupported()) return "in-page";
      const subscription = await currentSubscription();
      if (!subscription) return "off";
      // Keys rotated on the server: this subscription can no longer be sent to.
      if (!sameKey(subscription, publicKey)) {
        await subscription.unsubscribe().catch(() => false);
        return "off";
      }
      // Re-registering is idempotent, and makes this browser's pushes go to whoever is signed in now.
      const response = await register(subscription);
      return response?.ok ? "on" : "off";
    })().then(
      (next) => !cancelled && setStatus(next),
      () => !cancelled && setStatus("off"),
    );
    return () => {
      cancelled = true;
    };
  }, [publicKey, pushAvailable]);

  async function turnOn() {
    setError(null);
    setStatus("pending");
    // First, while the click still counts as the person's gesture.
    const permission = await Notification.requestPermission();
    if (permission === "denied") return setStatus("blocked");
    if (permission !== "granted") return setStatus("off");
    if (!publicKey || !pushSupported()) return setStatus("in-page");
    try {
      await navigator.serviceWorker.register("/sw.js", { scope: "/" });
      // Subscribing needs an active worker: `ready` resolves with the registration once it is.
      const registration = await navigator.serviceWorker.ready;
      const subscription =
        (await registration.pushManager.getSubscription()) ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
      const response = await register(subscription);
      if (!response?.ok) {
        setError(response ? (await readError(response)).message : "Can't reach Parley. Check your connection and try again.");
        await subscription.unsubscribe().catch(() => false);
        return setStatus("off");
      }
      setStatus("on");
    } catch {
      setError("This browser could not subscribe to notifications. In-page notifications still work while a Parley tab is open.");
      setStatus("in-page");
    }
  }

  async function turnOff() {
    setError(null);
    setStatus("pending");
    if (!(await forgetThisBrowser())) setError("Turned off in this browser, but Parley could not be told; it stops on its own at the next message.");
    setStatus("off");
  }

  return (
    <section aria-labelledby="desktop-notifications-heading" className="mt-8 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="desktop-notifications-heading" className="font-semibold">
        Desktop notifications
      </h2>
      <div className="mt-1 text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
        {status === "checking" && <p>Checking this browser…</p>}
        {status === "unsupported" && <p>This browser can&apos;t show notifications.</p>}
        {status === "blocked" && (
          <p>
            Notifications are blocked for Parley in this browser. To allow them, open the site settings (the icon left of the address), set Notifications to Allow, then reload
            this page.
          </p>
        )}
        {status === "off" && <p>Get a notification for mentions and direct messages, even when Parley is in the background.</p>}
        {status === "on" && <p>On: this browser gets notifications, even when no Parley tab is open.</p>}
        {status === "in-page" && (
          <p>
            {pushAvailable
              ? "This browser can't receive push notifications: you are notified while a Parley tab is open."
              : "Push notifications are not configured on this server: you are notified while a Parley tab is open."}
          </p>
        )}
        {status === "pending" && <p>One moment…</p>}
      </div>
      {error && (
        <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          {error}
        </p>
      )}
      <div className="mt-3">
        {status === "off" && (
          <button type="button" onClick={() => void turnOn()} className={buttonClass}>
            Turn on desktop notifications
          </button>
        )}
        {status === "on" && (
          <button type="button" onClick={() => void turnOff()} className={buttonClass}>
            Turn off desktop notifications
          </button>
        )}
      </div>
    </section>
  );
}
