import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { RegisterForm } from "@/components/auth/register-form";
import { oauthProviderList } from "@/lib/auth";
import { safeCallbackPath } from "@/lib/safe-redirect";
import { getSessionUser } from "@/lib/session";

export const metadata: Metadata = { title: "Create account" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function RegisterPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(typeof params.callbackUrl === "string" ? params.callbackUrl : null);
  if (await getSessionUser()) redirect(callbackUrl);
  const loginHref = callbackUrl === "/" ? "/login" : `/login?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  return (
    <AuthCard
      title="Create your Parley account"
      subtitle="Chat with your team in rooms only members can hear."
      footer={
        <>
          Already have an account?{" "}
          <Link href={loginHref} className="font-medium text-brand-600 hover:underline dark:text-brand-100">
            Sign in
          </Link>
        </>
      }
    >
      <RegisterForm callbackUrl={callbackUrl} />
      <div className="mt-4">
        <OAuthButtons providers={oauthProviderList} callbackUrl={callbackUrl} />
      </div>
    </AuthCard>
  );
}
