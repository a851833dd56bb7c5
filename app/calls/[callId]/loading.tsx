export default function CallLoading() {
  return (
    <div role="status" className="flex h-full flex-col">
      <div className="h-12 animate-pulse border-b border-slate-200 bg-white" />
      <div className="grid flex-1 grid-cols-1 gap-3 p-3 lg:grid-cols-[minmax(0,1fr)_26rem]">
        <div className="animate-pulse rounded-lg border border-slate-200 bg-white" />
        <div className="hidden animate-pulse rounded-lg border border-slate-200 bg-white lg:block" />
      </div>
      <span className="sr-only">Loading call…</span>
    </div>
  );
}
