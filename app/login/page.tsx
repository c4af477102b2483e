import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { FormAlert } from "@/components/ui/form-alert";
import { oauthProviderList } from "@/lib/auth";
import { safeCallbackPath } from "@/lib/safe-redirect";
import { getSessionUser } from "@/lib/session";

export const metadata: Metadata = { title: "Sign in" };

const oauthErrors: Record<string, string> = {
  AccessDenied: "That account can't sign in here. Its email address must be verified with the provider.",
  OAuthSignin: "The sign-in provider could not be reached. Try again.",
  OAuthCallback: "The sign-in provider returned an error. Try again.",
  SessionRequired: "Sign in to continue.",
};

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(typeof params.callbackUrl === "string" ? params.callbackUrl : null);
  if (await getSessionUser()) redirect(callbackUrl);
  const providerError = typeof params.error === "string" ? (oauthErrors[params.error] ?? "Sign-in failed. Try again.") : null;
  const registerHref = callbackUrl === "/" ? "/register" : `/register?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  return (
    <AuthCard
      title="Sign in to Parley"
      subtitle="Welcome back."
      footer={
        <>
          New here?{" "}
          <Link href={registerHref} className="font-medium text-brand-600 hover:underline dark:text-brand-100">
            Create an account
          </Link>
        </>
      }
    >
      {providerError && (
        <div className="mb-4">
          <FormAlert message={providerError} />
        </div>
      )}
      <LoginForm callbackUrl={callbackUrl} initialEmail={typeof params.email === "string" ? params.email : ""} />
      <div className="mt-4">
        <OAuthButtons providers={oauthProviderList} callbackUrl={callbackUrl} />
      </div>
    </AuthCard>
  );
}
