export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Liveness for load balancers and uptime checks: the app process answers. No database, no session. */
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
