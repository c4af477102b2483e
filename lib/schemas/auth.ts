import { z } from "zod";

// Shared by the forms (for instant feedback) and the API (the authority).
export const passwordMinLength = 8;
export const passwordMaxLength = 128;

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }));

export const newPasswordSchema = z
  .string({ error: "Choose a password." })
  .min(passwordMinLength, `Use at least ${passwordMinLength} characters for your password.`)
  .max(passwordMaxLength, `Use at most ${passwordMaxLength} characters for your password.`);

export const displayNameSchema = z
  .string({ error: "Enter your name." })
  .trim()
  .min(1, "Enter your name.")
  .max(80, "Keep your name under 80 characters.")
  // Control characters, and the bidirectional overrides that can make a name display as another.
  .refine((name) => !/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u.test(name), "Your name contains characters that can't be shown.");

export const registerBodySchema = z.object({
  name: displayNameSchema,
  email: emailSchema,
  password: newPasswordSchema,
});
export type RegisterBody = z.infer<typeof registerBodySchema>;

// Login checks shape only: length rules belong to registration, and an over-long password is
// just a wrong password (but bounded, so nobody makes us hash a megabyte).
export const credentialsSchema = z.object({
  email: z.string({ error: "Enter your email address." }).trim().toLowerCase().min(1, "Enter your email address.").max(254, "That email address is too long."),
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(1024, "That password is too long."),
});
export type Credentials = z.infer<typeof credentialsSchema>;
