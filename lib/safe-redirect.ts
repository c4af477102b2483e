/**
 * Only same-site paths: `/rooms/x` yes; `//evil.com`, `https://evil.com`, `/\evil.com` no. The
 * check is made on the path as a browser will resolve it (dot segments, `%2e`, backslashes), since
 * `/.//evil.com` becomes `//evil.com`, which a browser takes for another host.
 */
export function safeCallbackPath(raw: string | null | undefined, fallback = "/"): string {
  if (!raw || !raw.startsWith("/") || /[\u0000-\u001f\\]/.test(raw)) return fallback;
  try {
    const url = new URL(raw, "http://parley.invalid");
    if (url.origin !== "http://parley.invalid") return fallback;
    if (!url.pathname.startsWith("/") || url.pathname.startsWith("//")) return fallback;
    if (url.pathname === "/login" || url.pathname === "/register") return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
