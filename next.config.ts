// Importing the env module makes `next build` (and `next start`) fail on a missing or malformed
// variable, with a message that names it. (A .ts config, because Node 20 cannot import lib/env.ts
// from a .js config; Next compiles this file and what it imports.)
import type { NextConfig } from "next";
import { env } from "./lib/env";
import { serviceWorkerHeaders, staticSecurityHeaders } from "./lib/security-headers";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The per-request Content-Security-Policy (it carries a nonce) is set in proxy.ts.
  async headers() {
    return [
      { source: "/:path*", headers: staticSecurityHeaders(env) },
      { source: "/sw.js", headers: serviceWorkerHeaders() },
    ];
  },
};

export default nextConfig;
