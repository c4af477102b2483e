// Which push endpoints the server will POST to. A subscription's endpoint is a URL the user chose:
// without these checks, registering http://10.0.0.5/admin would make the server send requests into
// its own network (SSRF). Pure (no I/O): the schema checks the URL as given, and the sender checks
// every address the host name resolves to when it connects (a public name can point inward).
import net from "node:net";

export interface EndpointPolicy {
  /** PUSH_ALLOW_INSECURE_ENDPOINTS: tests' local receivers (http://127.0.0.1:port). */
  allowInsecure: boolean;
}

/** Why the endpoint is refused, or null when the server may send to it. */
export function endpointProblem(endpoint: string, policy: EndpointPolicy): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "The endpoint must be an absolute URL.";
  }
  if (url.username || url.password) return "The endpoint must not carry credentials.";
  if (policy.allowInsecure) return url.protocol === "https:" || url.protocol === "http:" ? null : "The endpoint must be an http(s) URL.";
  if (url.protocol !== "https:") return "The endpoint must be an https:// URL.";
  if (isInternalHost(url.hostname)) return "The endpoint must be a public push service, not an internal address.";
  return null;
}

const internalNames = /(^|\.)(localhost|local|internal|intranet|lan|home|corp|localdomain|home\.arpa)$/i;

/** Loopback, private, link-local and other non-public names and address literals. */
export function isInternalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (net.isIP(host)) return isInternalAddress(host);
  // A single label ("intranet-box") only resolves inside some network.
  return !host.includes(".") || internalNames.test(host);
}

/** True for any address that is not a public unicast one (IPv4, IPv6, IPv4-mapped IPv6). */
export function isInternalAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return internalV4.check(address, "ipv4");
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return internalV4.check(mapped[1]!, "ipv4");
    return internalV6.check(address, "ipv6");
  }
  return true;
}

const internalV4 = new net.BlockList();
for (const [prefix, bits] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
  ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) internalV4.addSubnet(prefix, bits, "ipv4");

const internalV6 = new net.BlockList();
for (const [prefix, bits] of [
  // IPv4-mapped (::ffff:a.b.c.d, which URL parsing turns into hex): no push service needs one.
  ["::", 128], ["::1", 128], ["::ffff:0:0", 96], ["64:ff9b::", 96], ["100::", 64], ["2001:db8::", 32], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8],
] as const) internalV6.addSubnet(prefix, bits, "ipv6");
