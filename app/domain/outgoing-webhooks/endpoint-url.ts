// Where an endpoint may point. The server makes the request, so an endpoint inside its own network
// (loopback, private, link-local: cloud metadata lives at 169.254.169.254) would let anyone who
// registers one probe that network; only local development and tests may allow them.

/** Why `value` can't be an endpoint URL, or null when it can. */
export function endpointUrlProblem(value: string, options: { allowInsecure: boolean }): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter a full URL, like https://example.com/webhooks.";
  }
  if (url.protocol !== "https:" && !(options.allowInsecure && url.protocol === "http:")) return "The URL must start with https://.";
  if (url.username || url.password) return "Leave the user name and password out of the URL.";
  if (!options.allowInsecure && isInternalHost(url.hostname)) {
    return "The URL must point to a public host, not a local, private or link-local address.";
  }
  return null;
}

function isInternalHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal")) return true;
  if (!host.includes(".") && !host.includes(":")) return true; // a bare name resolves inside the network
  const v4 = ipv4(host);
  if (v4) return internalIpv4(v4);
  if (host.includes(":")) return internalIpv6(host);
  return false;
}

function ipv4(host: string): number[] | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return null;
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : null;
}

function internalIpv4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 0 || // "this network"
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224 // multicast and reserved
  );
}

function internalIpv6(host: string): boolean {
  if (host === "::" || host === "::1") return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (mapped?.[1]) {
    const v4 = ipv4(mapped[1]);
    return v4 ? internalIpv4(v4) : true;
  }
  // WHATWG URL writes a mapped IPv4 address in hex (::ffff:7f00:1): treat every mapped one as internal.
  if (host.startsWith("::ffff:")) return true;
  return /^f[cd]/.test(host) || /^fe[89ab]/.test(host) || host.startsWith("ff");
}
