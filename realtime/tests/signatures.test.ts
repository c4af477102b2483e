// The worked examples of Pusher's docs ("Authentication and authorization signatures", "HTTP API
// reference"): key 278d425bdf160c739803, secret 7ad3773142a6692b25b8.
import { afterEach, describe, expect, it } from "vitest";
import Pusher from "pusher";
import { apiSignature, channelAuth, md5Hex, userAuth } from "../crypto";
import { cleanup, rawHttp, startServer } from "./helpers";

afterEach(cleanup);

const key = "278d425bdf160c739803";
const secret = "7ad3773142a6692b25b8";
const docsSdk = new Pusher({ appId: "3", key, secret, cluster: "mt1" });

describe("published signature test vectors", () => {
  it("vectors - private channel auth for socket 1234.1234, channel private-foobar", () => {
    const expected = "278d425bdf160c739803:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4";
    expect(channelAuth(key, secret, "1234.1234", "private-foobar")).toBe(expected);
    expect(docsSdk.authorizeChannel("1234.1234", "private-foobar").auth).toBe(expected);
  });

  it("vectors - presence channel auth for socket 1234.1234, channel presence-foobar", () => {
    // The docs print this digest beside prose that now says "Mr. Channels"; it is the HMAC of the
    // original "Mr. Pusher" example (PUSHER-PROTOCOL.md says the same).
    const channelData = '{"user_id":10,"user_info":{"name":"Mr. Pusher"}}';
    expect(channelAuth(key, secret, "1234.1234", "presence-foobar", channelData)).toBe(
      "278d425bdf160c739803:afaed3695da2ffd16931f457e338e6c9f2921fa133ce7dac49f529792be6304c",
    );
  });

  it("vectors - user authentication for socket 1234.1234, user_data {\"id\":\"12345\"}", () => {
    const expected = "278d425bdf160c739803:4708d583dada6a56435fb8bc611c77c359a31eebde13337c16ab43aa6de336ba";
    expect(userAuth(key, secret, "1234.1234", '{"id":"12345"}')).toBe(expected);
    expect(docsSdk.authenticateUser("1234.1234", { id: "12345" }).auth).toBe(expected);
  });

  it("vectors - HTTP API: body_md5 and auth_signature of POST /apps/3/events", () => {
    const body = '{"name":"foo","channels":["project-3"],"data":"{\\"some\\":\\"data\\"}"}';
    expect(md5Hex(body)).toBe("ec365a775a4cd0599faeb73354201b6f");
    const query = { auth_key: key, auth_timestamp: "1353088179", auth_version: "1.0", body_md5: "ec365a775a4cd0599faeb73354201b6f" };
    expect(apiSignature(secret, "POST", "/apps/3/events", query)).toBe("da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c");
  });

  it("vectors - the server accepts the documented HTTP API request verbatim, and refuses it with one byte changed", async () => {
    // The example dates from 2012: only a server told to allow that much clock skew can accept it.
    const server = await startServer({ appId: "3", key, secret, maxTimestampSkewSeconds: 100 * 365 * 24 * 3600 });
    const body = '{"name":"foo","channels":["project-3"],"data":"{\\"some\\":\\"data\\"}"}';
    const query =
      "auth_key=278d425bdf160c739803&auth_timestamp=1353088179&auth_version=1.0&body_md5=ec365a775a4cd0599faeb73354201b6f" +
      "&auth_signature=da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c";
    const ok = await rawHttp(server, { method: "POST", path: `/apps/3/events?${query}`, body });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({});
    const tampered = await rawHttp(server, { method: "POST", path: `/apps/3/events?${query.replace("e6c", "e6d")}`, body });
    expect(tampered.status).toBe(401);
    const otherBody = await rawHttp(server, { method: "POST", path: `/apps/3/events?${query}`, body: body.replace("foo", "fop") });
    expect(otherBody.status).toBe(401);
  });
});
