import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";

export interface TestUser {
  name: string;
  email: string;
  password: string;
}

export function uniqueUser(prefix = "user"): TestUser {
  const id = randomBytes(4).toString("hex");
  return { name: `${prefix[0]!.toUpperCase()}${prefix.slice(1)} ${id}`, email: `${prefix}-${id}@example.test`, password: `pw-${id}-secret` };
}

/** A random documentation-range address, so API-created users don't share one IP's sign-up budget. */
export function randomIp(): string {
  const bytes = randomBytes(2);
  return `198.51.${bytes[0]}.${bytes[1]}`;
}

/** Creates an account through the API (faster than the form when the form is not under test). */
export async function createUser(request: APIRequestContext, user: TestUser = uniqueUser()): Promise<TestUser> {
  const response = await request.post("/api/register", { data: user, headers: { "x-forwarded-for": randomIp() } });
  expect(response.status(), await response.text()).toBe(201);
  return user;
}

export async function signInThroughForm(page: Page, user: Pick<TestUser, "email" | "password">): Promise<void> {
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in through next-auth's credentials endpoint; the session cookie stays in `request`. */
export async function signInApi(request: APIRequestContext, user: Pick<TestUser, "email" | "password">): Promise<void> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { email: user.email, password: user.password, csrfToken, json: "true" },
    headers: { "x-forwarded-for": randomIp() },
  });
  expect(response.status(), await response.text()).toBe(200);
}
