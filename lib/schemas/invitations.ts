import { z } from "zod";
import { emailSchema } from "@/lib/schemas/auth";

const expiresInHours = z.coerce
  .number({ error: "expiresInHours is a number of hours." })
  .int()
  .min(1, "Links last at least 1 hour.")
  .max(720, "Links last at most 30 days (720 hours).");
const maxUses = z.union([z.null(), z.coerce.number().int().min(1, "At least 1 use.").max(1000, "At most 1000 uses.")]).default(null);

/** POST /api/rooms/{id}/invitations: `{email}` invites a person; `{expiresInHours, maxUses}` makes a link. */
export const createInvitationBodySchema = z
  .object({ email: emailSchema.optional(), expiresInHours: expiresInHours.optional(), maxUses })
  .transform((body, ctx) => {
    if (body.email !== undefined) {
      if (body.expiresInHours !== undefined || body.maxUses !== null) {
        ctx.addIssue({ code: "custom", path: ["email"], message: "Send either an email address or link settings (expiresInHours, maxUses), not both." });
        return z.NEVER;
      }
      return { kind: "email" as const, email: body.email };
    }
    if (body.expiresInHours === undefined) {
      ctx.addIssue({ code: "custom", path: ["expiresInHours"], message: "Choose how long the link lasts (1 to 720 hours), or give an email address." });
      return z.NEVER;
    }
    return { kind: "link" as const, expiresInHours: body.expiresInHours, maxUses: body.maxUses };
  });

export const acceptInvitationBodySchema = z.object({ token: z.string().max(100) });
