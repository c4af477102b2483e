// Parley's service worker: shows Web Push notifications and opens the conversation on click.
// It handles no fetches (nothing is cached). Payload: { title, body, url, tag, roomId, messageId }.

self.addEventListener("install", () => self.skipWaiting());
// Take control of open pages at once, so a click can navigate one of them.
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

function sameOriginUrl(url) {
  try {
    const target = new URL(url, self.location.origin);
    return target.origin === self.location.origin ? target.href : self.location.origin + "/";
  } catch {
    return self.location.origin + "/";
  }
}

self.addEventListener("push", (event) => {
  event.waitUntil(
    (async () => {
      let payload = {};
      try {
        payload = event.data ? event.data.json() : {};
      } catch {
        payload = { body: event.data ? event.data.text() : "" };
      }
      // A Parley page someone is looking at shows the message itself (and notifies in-page if it wants).
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      if (windows.some((w) => w.visibilityState === "visible")) return;
      await self.registration.showNotification(String(payload.title || "Parley"), {
        body: String(payload.body || ""),
        tag: payload.tag ? String(payload.tag) : undefined,
        data: { url: sameOriginUrl(payload.url || "/"), roomId: payload.roomId, messageId: payload.messageId },
      });
    })(),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = sameOriginUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const existing = windows.find((w) => w.focused) || windows[0];
      if (existing) {
        try {
          const focused = await existing.focus();
          // navigate() needs a page this worker controls (clients.claim() above makes that so).
          await (focused || existing).navigate(url);
          return;
        } catch {
          // An uncontrolled page: open a new window instead.
        }
      }
      await self.clients.openWindow(url);
    })(),
  );
});
