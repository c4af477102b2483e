// "Away" after ten minutes without input in any of the person's tabs in this browser: each tab
// writes its last input time to localStorage (throttled), every tab reads the newest, and each
// reports a change of state. The presence channels carry it to others (client-status, whose
// sender the realtime server stamps with user_id, so nobody can set someone else's state).

export const awayAfterMs = 10 * 60 * 1000;
const storageKey = "parley:last-input";
const writeEveryMs = 5_000;
const checkEveryMs = 15_000;
const inputEvents = ["keydown", "pointerdown", "pointermove", "wheel", "touchstart", "focus"] as const;

export interface ActivityEnvironment {
  now: () => number;
  storage: Pick<Storage, "getItem" | "setItem"> | null;
  target: Pick<Window, "addEventListener" | "removeEventListener">;
}

/** Calls `onChange(away)` whenever the browser's person goes away or comes back; returns a stop function. */
export function trackActivity(onChange: (away: boolean) => void, env: ActivityEnvironment = { now: Date.now, storage: safeStorage(), target: window }): () => void {
  let lastInput = env.now();
  let lastWrite = 0;
  let away = false;
  const newest = () => Math.max(lastInput, Number(env.storage?.getItem(storageKey) ?? 0) || 0);
  const update = () => {
    const next = env.now() - newest() >= awayAfterMs;
    if (next !== away) {
      away = next;
      onChange(away);
    }
  };
  const onInput = () => {
    lastInput = env.now();
    if (lastInput - lastWrite >= writeEveryMs) {
      lastWrite = lastInput;
      try {
        env.storage?.setItem(storageKey, String(lastInput));
      } catch {
        // Private mode or a full quota: this tab still knows its own input.
      }
    }
    if (away) update();
  };
  // Another tab's input arrives as a storage event.
  const onStorage = (event: Event) => (event as StorageEvent).key === storageKey && update();
  for (const name of inputEvents) env.target.addEventListener(name, onInput, { passive: true });
  env.target.addEventListener("storage", onStorage);
  const timer = setInterval(update, checkEveryMs);
  return () => {
    clearInterval(timer);
    for (const name of inputEvents) env.target.removeEventListener(name, onInput);
    env.target.removeEventListener("storage", onStorage);
  };
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
