import Pusher from "pusher";
import { describe, expect, it } from "vitest";
import { publish } from "@/lib/realtime/pusher";

// What the SDK throws (pusher 5's RequestError): a status for an HTTP answer, or the network error under `error`.
const networkError = (error: { name: string; code?: string }) => new Pusher.RequestError("Request failed with an error", "http://realtime/apps/x/events", Object.assign(new Error(error.name), error));
const httpError = (status: number) => Object.assign(new Pusher.RequestError(`Unexpected status code ${status}`, "http://realtime/apps/x/events", new Error("HTTP")), { status, error: undefined });

function flaky(failures: unknown[]) {
  let calls = 0;
  return {
    send: async () => {
      const failure = failures[calls++];
      if (failure) throw failure;
      return "sent";
    },
    calls: () => calls,
  };
}

describe("publish", () => {
  it("sends once more when the first try died on a stale connection (ECONNRESET after a restart of the service)", async () => {
    const target = flaky([networkError({ name: "FetchError", code: "ECONNRESET" })]);
    await expect(publish(target.send)).resolves.toBe("sent");
    expect(target.calls()).toBe(2);
  });

  it("gives up after the second try", async () => {
    const target = flaky([networkError({ name: "FetchError", code: "ECONNREFUSED" }), networkError({ name: "FetchError", code: "ECONNREFUSED" })]);
    await expect(publish(target.send)).rejects.toThrow("Request failed");
    expect(target.calls()).toBe(2);
  });

  it.each([
    ["an HTTP error (the service answered)", httpError(413)],
    ["a timeout (the service is down or stuck)", networkError({ name: "AbortError" })],
  ])("does not retry %s", async (_label, error) => {
    const target = flaky([error]);
    await expect(publish(target.send)).rejects.toBe(error);
    expect(target.calls()).toBe(1);
  });
});
