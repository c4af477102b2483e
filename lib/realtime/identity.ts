// What other members see of a user in presence lists: never the email.

const palette = ["#2563eb", "#7c3aed", "#db2777", "#dc2626", "#ea580c", "#ca8a04", "#16a34a", "#0d9488", "#0891b2", "#4f46e5"];

export interface PresenceInfo {
  name: string;
  initials: string;
  color: string;
}

export function presenceInfo({ id, name }: { id: string; name: string }): PresenceInfo {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const initials = (words.length > 1 ? `${words[0]![0]}${words.at(-1)![0]}` : (words[0] ?? "?").slice(0, 2)).toUpperCase();
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return { name, initials, color: palette[hash % palette.length]! };
}
