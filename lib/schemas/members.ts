import { z } from "zod";

export const userIdParamSchema = z.string().regex(/^[a-z0-9]{1,64}$/);
export const setRoleBodySchema = z.object({ role: z.enum(["ADMIN", "MEMBER"], { error: "role is ADMIN or MEMBER." }) });
