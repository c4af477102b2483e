export default function RoomLoading() {
  return (
    <div className="flex flex-1 items-center justify-center p-8 text-zinc-500" role="status">
      Loading room…
    </div>
  );
}
