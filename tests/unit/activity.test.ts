import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { awayAfterMs, trackActivity, type ActivityEnvironment } from "@/lib/client/activity";

// Two tabs of one browser: one localStorage, one clock, a window each.
function browser() {
  const store = new Map<string, string>();
  const tabs: EventTarget[] = [];
  const storage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => {
      store.set(k, v);
      // The other tabs hear of it, as browsers do (never the tab that wrote).
      for (const tab of tabs) if (tab !== writer) tab.dispatchEvent(Object.assign(new Event("storage"), { key: k }));
    },
  };
  let writer: EventTarget | null = null;
  const tab = (): { env: ActivityEnvironment; input: () => void } => {
    const target = new EventTarget();
    tabs.push(target);
    return {
      env: { now: Date.now, storage, target: target as unknown as Window },
      input: () => {
        writer = target;
        target.dispatchEvent(new Event("keydown"));
        writer = null;
      },
    };
  };
  return { tab };
}

describe("trackActivity", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("goes away after ten minutes without input and comes back at the next input", () => {
    const one = browser().tab();
    const changes: boolean[] = [];
    const stop = trackActivity((away) => changes.push(away), one.env);
    vi.advanceTimersByTime(awayAfterMs - 30_000);
    expect(changes).toEqual([]);
    vi.advanceTimersByTime(60_000);
    expect(changes).toEqual([true]);
    one.input();
    expect(changes).toEqual([true, false]);
    stop();
  });

  it("input in another tab keeps every tab from going away", () => {
    const b = browser();
    const [first, second] = [b.tab(), b.tab()];
    const firstChanges: boolean[] = [];
    const stop1 = trackActivity((away) => firstChanges.push(away), first.env);
    const stop2 = trackActivity(() => {}, second.env);
    for (let minute = 0; minute < 30; minute++) {
      vi.advanceTimersByTime(60_000);
      second.input();
    }
    expect(firstChanges).toEqual([]);
    stop1();
    stop2();
  });

  it("a tab that went away comes back when another tab sees input", () => {
    const b = browser();
    const [first, second] = [b.tab(), b.tab()];
    const changes: boolean[] = [];
    const stop1 = trackActivity((away) => changes.push(away), first.env);
    const stop2 = trackActivity(() => {}, second.env);
    vi.advanceTimersByTime(awayAfterMs + 20_000);
    expect(changes).toEqual([true]);
    second.input();
    expect(changes).toEqual([true, false]);
    stop1();
    stop2();
  });
});
