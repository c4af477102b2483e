// This browser's push subscription, for the /account control and for signing out: a browser
// profile keeps its subscription across accounts, so signing out should forget it.

/** The subscription of Parley's service worker in this browser, if any. */
export async function currentPushSubscription(): Promise<PushSubscription | null> {
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return null;
  const registration = await navigator.serviceWorker.getRegistration("/");
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/** Unsubscribes this browser and tells the server (call before signing out); true when the server was told or there was nothing to forget. */
export async function forgetThisBrowser(): Promise<boolean> {
  const subscription = await currentPushSubscription().catch(() => null);
  if (!subscription) return true;
  const { endpoint } = subscription;
  await subscription.unsubscribe().catch(() => false);
  const response = await fetch("/api/push/subscriptions", { method: "DELETE", headers: { "content-type": "application/json" }, body: JSON.stringify({ endpoint }) }).catch(() => null);
  return Boolean(response?.ok);
}
