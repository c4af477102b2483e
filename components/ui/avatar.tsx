import { presenceInfo } from "@/lib/realtime/identity";

export type AvatarStatus = "online" | "away" | "offline";

export interface AvatarProps {
  person: { id: string; name: string };
  size?: "sm" | "md" | "lg";
  /** A dot in the corner, announced as its own label ("online") even when the avatar is decorative. */
  status?: AvatarStatus;
  /** True (the default) when the name is shown next to it: the initials are hidden from screen readers. */
  decorative?: boolean;
}

const sizes = {
  sm: { box: "size-6 text-[0.625rem]", dot: "size-2" },
  md: { box: "size-8 text-xs", dot: "size-2.5" },
  lg: { box: "size-12 text-base", dot: "size-3.5" },
} as const;

const dotColours: Record<AvatarStatus, string> = {
  online: "bg-green-500",
  away: "bg-amber-400",
  offline: "bg-zinc-300 dark:bg-zinc-600",
};

/** Initials on a colour that stays the same for a person everywhere (derived from their id). */
export function Avatar({ person, size = "md", status, decorative = true }: AvatarProps) {
  const { initials, color } = presenceInfo(person);
  const s = sizes[size];
  return (
    <span className="relative inline-flex shrink-0" data-testid="avatar">
      <span
        className={`${s.box} grid select-none place-items-center rounded-full font-semibold text-white`}
        style={{ backgroundColor: color }}
        {...(decorative ? { "aria-hidden": true } : { role: "img", "aria-label": person.name })}
      >
        {initials}
      </span>
      {status && (
        <span
          role="img"
          aria-label={status}
          data-testid="avatar-status"
          data-status={status}
          className={`${s.dot} ${dotColours[status]} absolute -bottom-0.5 -right-0.5 rounded-full ring-2 ring-white dark:ring-zinc-900`}
        />
      )}
    </span>
  );
}
