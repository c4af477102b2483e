import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto flex max-w-md flex-1 flex-col items-center justify-center gap-3 px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-zinc-600 dark:text-zinc-400">It may have moved, or you may not have access to it.</p>
      <Link href="/" className="font-medium text-brand-600 hover:underline">
        Go home
      </Link>
    </div>
  );
}
