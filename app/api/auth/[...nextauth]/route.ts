import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth";
import { signInWithCredentials } from "@/lib/login";

type Context = { params: Promise<{ nextauth: string[] }> };

const handler = NextAuth(authOptions) as (request: Request, context: Context) => Promise<Response>;

export const runtime = "nodejs";

export function GET(request: NextRequest, context: Context) {
  return handler(request, context);
}

export async function POST(request: NextRequest, context: Context) {
  const { nextauth } = await context.params;
  if (nextauth.join("/") === "callback/credentials") {
    return signInWithCredentials(request, (req) => handler(req, context));
  }
  return handler(request, context);
}
