// One JSON line per notable event. Never logs secrets, auth strings or message payloads.
export type Logger = (level: "info" | "warn", msg: string, fields?: Record<string, unknown>) => void;

export function createLogger(level: "info" | "warn" | "silent"): Logger {
  if (level === "silent") return () => {};
  return (lineLevel, msg, fields) => {
    if (level === "warn" && lineLevel === "info") return;
    const line = JSON.stringify({ level: lineLevel, time: new Date().toISOString(), service: "realtime", msg, ...fields });
    if (lineLevel === "warn") console.warn(line);
    else console.log(line);
  };
}
