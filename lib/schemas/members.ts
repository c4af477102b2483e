import { z } from "zod";

export const setRoleBodySchema = z.object({ role: z.enum(["ADMIN", "MEMBER"], { error: "role is ADMIN or MEMBER." }) });
