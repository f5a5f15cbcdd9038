/**
 * The client's address, the bucket of per-address rate limits. X-Forwarded-For is believed only
 * from a trusted proxy (TRUST_PROXY, a list of CIDRs; off by default, so a client cannot pick its
 * own bucket): the client is then the right-most address of the chain that is not itself a
 * trusted proxy.
 */
import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";

/** Parses TRUST_PROXY entries ("10.0.0.0/8", "::1", "172.16.0.0/12"); throws with the bad entry. */
export function trustedProxies(entries: readonly string[]): BlockList | null {
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split("/") as [string, string | undefined];
    const family = isIP(address);
    if (family === 0) throw new Error(`${JSON.stringify(entry)} is not an IP address or CIDR`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const bits = Number(prefix);
    if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) throw new Error(`${JSON.stringify(entry)} has an invalid prefix length`);
    list.addSubnet(address, bits, type);
  }
  return list;
}

/** "::ffff:10.0.0.1" → "10.0.0.1" (a dual-stack socket's IPv4 peer). */
function plain(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function trusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
}

export function clientAddress(req: IncomingMessage, proxies: BlockList | null): string {
  const peer = plain(req.socket.remoteAddress ?? "unknown");
  if (!proxies || !trusted(proxies, peer)) return peer;
  const header = req.headers["x-forwarded-for"];
  const chain = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",").map((a) => plain(a.trim())).filter((a) => isIP(a) !== 0);
  for (let i = chain.length - 1; i >= 0; i--) {
    if (!trusted(proxies, chain[i] as string)) return chain[i] as string;
  }
  return chain[0] ?? peer;
}
