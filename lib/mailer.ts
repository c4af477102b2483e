import "server-only";
import nodemailer from "nodemailer";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** An SMTP sender for `smtpUrl`, or null when none is configured (the admin copies the link instead). */
export function createMailer(smtpUrl: string | undefined, from: string) {
  if (!smtpUrl) return null;
  // Short timeouts: the admin is waiting on the request, and on failure gets the link to copy instead.
  const transport = nodemailer.createTransport(smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  return {
    /** True when the server accepted the message; failures are logged, not thrown. */
    async send(mail: Mail): Promise<boolean> {
      try {
        await transport.sendMail({ from, ...mail });
        return true;
      } catch (error) {
        log.warn("email not sent", { error: error instanceof Error ? error.message : String(error) });
        return false;
      }
    },
  };
}

export const mailer = createMailer(env.SMTP_URL, env.EMAIL_FROM);

export function invitationMail({ to, roomName, inviter, url, expiresAt }: { to: string; roomName: string; inviter: string; url: string; expiresAt: Date }): Mail {
  return {
    to,
    subject: `${inviter} invited you to #${roomName} on Parley`,
    text: [
      `${inviter} invited you to join the room #${roomName} on Parley.`,
      "",
      `Open this link to create an account and join: ${url}`,
      "",
      `The link works once and expires on ${expiresAt.toUTCString()}.`,
      "If you did not expect this, you can ignore this email.",
    ].join("\n"),
  };
}
