import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { deletePushSubscription, maxPushSubscriptionsPerUser, savePushSubscription } from "@/lib/push-subscriptions";

const makeUser = () => prisma.user.create({ data: { email: `sub-${randomUUID()}@example.com`, name: "Sub" }, select: { id: true } });
const keys = () => ({ p256dh: randomBytes(65).toString("base64url"), auth: randomBytes(16).toString("base64url") });
const endpoint = () => `https://push.example.com/${randomUUID()}`;
const endpointsOf = async (userId: string) => (await prisma.pushSubscription.findMany({ where: { userId }, select: { endpoint: true } })).map((s) => s.endpoint).sort();

describe("push subscriptions", () => {
  it("registering the same endpoint twice keeps one subscription with the newest keys", async () => {
    const ada = await makeUser();
    const url = endpoint();
    await savePushSubscription({ userId: ada.id, endpoint: url, ...keys() });
    const newer = keys();
    await savePushSubscription({ userId: ada.id, endpoint: url, ...newer });
    expect(await prisma.pushSubscription.findMany({ where: { endpoint: url }, select: { userId: true, p256dh: true, auth: true } })).toEqual([{ userId: ada.id, ...newer }]);
  });

  it("an endpoint registered by another account in the same browser (same keys) moves to it: the first account stops getting pushes there", async () => {
    const [ada, bob] = [await makeUser(), await makeUser()];
    const url = endpoint();
    const browserKeys = keys();
    await savePushSubscription({ userId: ada.id, endpoint: url, ...browserKeys });
    await savePushSubscription({ userId: bob.id, endpoint: url, ...browserKeys });
    expect(await endpointsOf(ada.id)).toEqual([]);
    expect(await endpointsOf(bob.id)).toEqual([url]);
  });

  it("someone who only knows another account's endpoint cannot claim it (409), and the owner keeps getting pushes", async () => {
    const [ada, mallory] = [await makeUser(), await makeUser()];
    const url = endpoint();
    await savePushSubscription({ userId: ada.id, endpoint: url, ...keys() });
    const error = await savePushSubscription({ userId: mallory.id, endpoint: url, ...keys() }).then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ status: 409 });
    expect(await endpointsOf(ada.id)).toEqual([url]);
    expect(await endpointsOf(mallory.id)).toEqual([]);
  });

  it(`a user keeps at most ${maxPushSubscriptionsPerUser}: the oldest is dropped`, async () => {
    const ada = await makeUser();
    const urls = Array.from({ length: maxPushSubscriptionsPerUser + 2 }, endpoint);
    for (const url of urls) await savePushSubscription({ userId: ada.id, endpoint: url, ...keys() });
    expect(await endpointsOf(ada.id)).toEqual(urls.slice(2).sort());
  });

  it("deleting forgets only the caller's own subscription, and deleting twice is harmless", async () => {
    const [ada, bob] = [await makeUser(), await makeUser()];
    const [mine, theirs] = [endpoint(), endpoint()];
    await savePushSubscription({ userId: ada.id, endpoint: mine, ...keys() });
    await savePushSubscription({ userId: bob.id, endpoint: theirs, ...keys() });
    await deletePushSubscription({ userId: ada.id, endpoint: theirs });
    expect(await endpointsOf(bob.id)).toEqual([theirs]);
    await deletePushSubscription({ userId: ada.id, endpoint: mine });
    await deletePushSubscription({ userId: ada.id, endpoint: mine });
    expect(await endpointsOf(ada.id)).toEqual([]);
  });
});
