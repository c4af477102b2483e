// How an audit entry reads on the members page: "Alice removed Bob". Client-safe (no server imports).

export interface AuditEntryView {
  action: string;
  actor: { name: string } | null;
  target: { name: string | null } | null;
  details: unknown;
}

const fieldLabels: Record<string, string> = { name: "the name", description: "the description", visibility: "the visibility" };

export function describeAuditEntry({ action, actor, target, details }: AuditEntryView): string {
  const who = actor?.name ?? "A deleted account";
  const whom = target?.name ?? "someone";
  const info = (details ?? {}) as Record<string, unknown>;
  switch (action) {
    case "MEMBER_REMOVED":
      return `${who} removed ${whom}`;
    case "MEMBER_BANNED":
      return `${who} banned ${whom}`;
    case "MEMBER_UNBANNED":
      return `${who} lifted the ban on ${whom}`;
    case "ROLE_CHANGED":
      return `${who} made ${whom} ${String(info.to ?? "").toLowerCase() === "admin" ? "an admin" : "a member"}`;
    case "OWNERSHIP_TRANSFERRED":
      return `${who} made ${whom} the owner`;
    case "SETTINGS_CHANGED": {
      const changes = Object.entries(info as Record<string, { from?: unknown; to?: unknown }>).map(([field, change]) =>
        field === "description" ? "changed the description" : `changed ${fieldLabels[field] ?? field} from “${String(change?.from)}” to “${String(change?.to)}”`,
      );
      return `${who} ${changes.join(", ") || "changed the settings"}`;
    }
    case "INVITATION_CREATED":
      if (target) return `${who} invited ${whom}`;
      if (typeof info.email === "string") return `${who} invited ${info.email}`;
      return `${who} created an invitation link${info.maxUses ? ` for ${String(info.maxUses)} use${info.maxUses === 1 ? "" : "s"}` : ""}`;
    case "INVITATION_REVOKED":
      return `${who} revoked an invitation${target ? ` for ${whom}` : typeof info.email === "string" ? ` for ${info.email}` : ""}`;
    case "INVITATION_ACCEPTED":
      return `${whom} joined through an invitation`;
    case "INVITATION_DECLINED":
      return `${whom} declined an invitation`;
    default:
      return `${who}: ${action.toLowerCase().replaceAll("_", " ")}`;
  }
}
