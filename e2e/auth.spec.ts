import { expect, request as playwrightRequest, test } from "@playwright/test";
import { createUser, signInApi, signInThroughForm, uniqueUser } from "./support";

test.describe("accounts", () => {
  test("a visitor registers, signs out and signs back in @mobile", async ({ page }) => {
    const user = uniqueUser("reg");
    await page.goto("/register");
    await page.getByLabel("Name").fill(user.name);
    await page.getByLabel("Email").fill(user.email.toUpperCase());
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Create account" }).click();

    await expect(page.getByRole("heading", { name: `Hello, ${user.name}` })).toBeVisible();
    await expect(page.getByTestId("header-user")).toHaveText(user.name);
    await expect(page.getByTestId("rooms-empty")).toBeVisible();

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("heading", { name: "Sign in to Parley" })).toBeVisible();
    await page.goto("/");
    await expect(page).toHaveURL(/\/login$/);

    await signInThroughForm(page, user);
    await expect(page.getByRole("heading", { name: `Hello, ${user.name}` })).toBeVisible();
  });

  test("registering with a taken email says so and offers sign-in", async ({ page, request }) => {
    const existing = await createUser(request);
    await page.goto("/register");
    await page.getByLabel("Name").fill("Someone Else");
    await page.getByLabel("Email").fill(existing.email.toUpperCase());
    await page.getByLabel("Password").fill("another-password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByTestId("form-error")).toContainText("An account with this email already exists");
    await page.getByTestId("form-error").getByRole("link", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/login/);
  });

  test("the register form explains invalid fields before sending anything", async ({ page }) => {
    await page.goto("/register");
    await page.getByLabel("Name").fill("Short Password");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
    await expect(page.getByText("Use at least 8 characters for your password.")).toBeVisible();
    await expect(page.getByLabel("Email")).toBeFocused();
    await expect(page).toHaveURL(/\/register$/);
  });

  test("a wrong password says only that email or password is wrong", async ({ page, request }) => {
    const user = await createUser(request);
    await page.goto("/login");
    await signInThroughForm(page, { email: user.email, password: "not-the-password" });
    await expect(page.getByTestId("form-error")).toHaveText("Email or password is wrong.");
    await signInThroughForm(page, { email: `nobody-${user.email}`, password: "not-the-password" });
    await expect(page.getByTestId("form-error")).toHaveText("Email or password is wrong.");
    await expect(page).toHaveURL(/\/login$/);
  });

  test("ten wrong passwords from one browser block it for that account for an hour, and never the owner signing in elsewhere", async ({ page, request }) => {
    const user = await createUser(request);
    await page.goto("/login");
    for (let attempt = 1; attempt <= 10; attempt++) {
      await signInThroughForm(page, { email: user.email, password: `wrong-${attempt}` });
      await expect(page.getByTestId("form-error")).toHaveText("Email or password is wrong.");
    }
    await signInThroughForm(page, user);
    await expect(page.getByTestId("form-error")).toHaveText(/^Too many failed sign-ins\. Try again in (59|60) minutes\./);
    await expect(page).toHaveURL(/\/login$/);
    // The owner, from their own network, signs in as usual.
    const elsewhere = await playwrightRequest.newContext({ baseURL: process.env.E2E_BASE_URL });
    await signInApi(elsewhere, user);
    expect(((await (await elsewhere.get("/api/auth/session")).json()) as { user?: { email: string } }).user?.email).toBe(user.email);
    await elsewhere.dispose();
  });

  test("a protected page sends a signed-out visitor to sign in and back again", async ({ page, request }) => {
    const user = await createUser(request);
    await page.goto("/account?tab=profile");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount%3Ftab%3Dprofile$/);
    await signInThroughForm(page, user);
    await expect(page).toHaveURL(/\/account\?tab=profile$/);
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
    await expect(page.getByText(user.email)).toBeVisible();
  });

  test("a signed-in user who opens /login goes straight to where they were headed", async ({ page, request }) => {
    const user = await createUser(request);
    await page.goto("/login");
    await signInThroughForm(page, user);
    await expect(page.getByRole("heading", { name: `Hello, ${user.name}` })).toBeVisible();
    await page.goto("/login?callbackUrl=%2Faccount");
    await expect(page).toHaveURL(/\/account$/);
    await page.goto("/login?callbackUrl=https%3A%2F%2Fevil.example%2F");
    await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
  });
});

test.describe("account API", () => {
  test("POST /api/register - malformed JSON gets 400 with a readable message", async ({ request }) => {
    const response = await request.post("/api/register", { data: Buffer.from("{not json"), headers: { "content-type": "application/json" } });
    expect(response.status()).toBe(400);
    expect(await response.json()).toEqual({ error: { code: "bad_request", message: "The request body is not valid JSON." } });
  });

  test("POST /api/register - missing fields get 422 naming each field", async ({ request }) => {
    const response = await request.post("/api/register", { data: { email: "x@example.test" } });
    expect(response.status()).toBe(422);
    const body = await response.json();
    expect(body.error.code).toBe("unprocessable");
    expect(Object.keys(body.error.fields).sort()).toEqual(["name", "password"]);
  });

  test("POST /api/auth/callback/credentials - missing fields get 422, not a 500", async ({ request }) => {
    const response = await request.post("/api/auth/callback/credentials", { form: { password: "x" } });
    expect(response.status()).toBe(422);
    expect((await response.json()).error.fields.email).toBe("Enter your email address.");
  });

  test("POST /api/auth/callback/credentials - a forged CSRF token gets 403", async ({ request }) => {
    const user = await createUser(request);
    const response = await request.post("/api/auth/callback/credentials", {
      form: { email: user.email, password: user.password, csrfToken: "forged", json: "true" },
    });
    expect(response.status()).toBe(403);
    expect(response.headers()["set-cookie"] ?? "").not.toContain("session-token");
  });
});
