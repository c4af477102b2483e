// In-page notifications for a Parley tab that is open but not being looked at: the live message
// events already reach it, so it notifies without the push service. Decide with shouldNotify
// (lib/notification-rules.ts) first; this only checks that a notification is wanted right now.

export interface InPageNotification {
  title: string;
  body: string;
  /** Same-origin path to open on click, e.g. /rooms/general?message=… */
  url: string;
  /** Replaces an earlier notification with the same tag (the room id; the service worker uses the same). */
  tag: string;
}

/** Shows a notification when the tab is hidden and permission is granted; returns whether it showed one. */
export function notifyInPage(
  { title, body, url, tag }: InPageNotification,
  /** How to open `url` (the app router's push); a full navigation by default. */
  navigate: (url: string) => void = (href) => window.location.assign(href),
): boolean {
  if (typeof window === "undefined" || typeof Notification === "undefined") return false;
  if (document.visibilityState !== "hidden" || Notification.permission !== "granted") return false;
  try {
    const notification = new Notification(title, { body, tag, data: { url } });
    notification.onclick = () => {
      window.focus();
      const target = new URL(url, window.location.origin);
      if (target.origin === window.location.origin) navigate(`${target.pathname}${target.search}${target.hash}`);
      notification.close();
    };
    return true;
  } catch {
    // Some browsers (Chrome on Android) allow notifications only from a service worker.
    return false;
  }
}
