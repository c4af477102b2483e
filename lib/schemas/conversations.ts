import { z } from "zod";
import { maxConversationPeople } from "@/lib/authz/policy";

const userId = z.string({ error: "A user id is required." }).regex(/^[a-z0-9]{1,64}$/, "That is not a user id.");

export const openConversationBodySchema = z.object({
  userIds: z
    .array(userId, { error: "userIds is a list of the people to talk to." })
    .min(1, "Pick at least one person.")
    .max(maxConversationPeople - 1, `A conversation has at most ${maxConversationPeople} people, you included.`),
});

export const addToConversationBodySchema = z.object({ userId });

export const markReadBodySchema = z.object({
  messageId: z.string({ error: "messageId is required." }).regex(/^[a-z0-9]{1,64}$/, "messageId is a message id."),
});

export const searchPeopleQuerySchema = z.object({
  q: z.string().trim().max(100, "Search for at most 100 characters.").default(""),
});

export const listMentionsQuerySchema = z.object({
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
