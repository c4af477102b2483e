/** Only same-site paths: `/rooms/x` yes; `//evil.com`, `https://evil.com`, `/\evil.com` no. */
export function safeCallbackPath(raw: string | null | undefined, fallback = "/"): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f]/.test(raw)) return fallback;
  try {
    const url = new URL(raw, "http://parley.invalid");
    if (url.origin !== "http://parley.invalid") return fallback;
    if (url.pathname === "/login" || url.pathname === "/register") return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
