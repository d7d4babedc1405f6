/** `localhost`, 127.0.0.0/8 or ::1, in any of the spellings a socket, a URL or HOST may use. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (name === "localhost") return true;
  const ipv4 = /^(?:::ffff:)?(\d{1,3})\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.exec(name);
  if (ipv4) return ipv4[1] === "127";
  return name === "::1" || name === "0:0:0:0:0:0:0:1";
}

/**
 * A request from a browser on this very machine: it comes from a loopback address, names a
 * loopback host (a DNS-rebinding page would name its own), and was not relayed by a proxy or
 * tunnel on this machine (which connects from loopback on behalf of anyone).
 */
export function isLocalRequest(request: Request, clientAddress: string | null): boolean {
  if (!clientAddress || !isLoopbackHost(clientAddress)) return false;
  if (!isLoopbackHost(new URL(request.url).hostname)) return false;
  return !request.headers.has("forwarded") && !request.headers.has("x-forwarded-for");
}
