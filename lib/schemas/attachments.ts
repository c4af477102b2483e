import { z } from "zod";

export const startUploadBodySchema = z.object({
  name: z.string({ error: "name is the file's name." }).min(1, "The file needs a name.").max(1000, "The file's name is too long."),
  size: z.number({ error: "size is the file's size in bytes." }).int("size is a whole number of bytes.").min(1, "The file is empty.").max(2 ** 31 - 1, "The file is too large."),
});

export const downloadQuerySchema = z.object({
  variant: z.enum(["original", "thumbnail"], { error: "variant is original or thumbnail." }).default("original"),
});
