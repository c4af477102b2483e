export default function SearchLoading() {
  return <p className="mx-auto max-w-2xl px-4 py-6 text-sm text-zinc-500" data-testid="search-loading">Searching…</p>;
}
