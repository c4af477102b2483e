import Link from "next/link";
import { getSessionUser } from "@/lib/session";
import { HeaderSearch } from "@/components/header-search";
import { SignOutButton } from "@/components/sign-out-button";

export async function SiteHeader() {
  const user = await getSessionUser();
  return (
    <header className="border-b border-zinc-200 bg-white/80 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/80">
      <div className="mx-auto flex h-14 max-w-5xl items-center justify-between gap-4 px-4">
        <Link href="/" className="flex items-center gap-2 text-lg font-semibold tracking-tight">
          <span aria-hidden className="grid size-7 place-items-center rounded-lg bg-brand-600 text-sm text-white">P</span>
          Parley
        </Link>
        <nav aria-label="Account" className="flex items-center gap-3 text-sm">
          {user ? (
            <>
              <HeaderSearch />
              <Link href="/account" className="max-w-[40vw] truncate text-zinc-600 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-white" data-testid="header-user">
                {user.name}
              </Link>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/login" className="text-zinc-600 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-white">
                Sign in
              </Link>
              <Link href="/register" className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700">
                Create account
              </Link>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}
