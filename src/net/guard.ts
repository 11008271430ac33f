// The SSRF guard's decision: is an IP address one the bot may connect to on the public internet?
// Pure, so every range can be tested on strings; src/net/http.ts applies it to every resolved address.

/**
 * True only for globally routable unicast addresses. Loopback, private, link-local (cloud metadata at
 * 169.254.169.254), CGNAT, multicast, documentation, benchmarking, reserved and unspecified ranges are
 * refused, in IPv4 and IPv6 alike; IPv4-mapped and NAT64 IPv6 addresses are judged by the IPv4 they carry.
 * Anything that is not a well-formed address is refused too.
 */
export function isPublicAddress(ip: string): boolean {
  const bare = ip.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const v4 = parseIPv4(bare);
  if (v4 !== null) return isPublicIPv4(v4);
  const v6 = parseIPv6(bare);
  if (v6 !== null) return isPublicIPv6(v6);
  return false;
}

/** [network, prefix length] pairs from the IANA IPv4 special-purpose registry, plus multicast and class E. */
const NON_PUBLIC_IPV4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const NON_PUBLIC_IPV4_RANGES = NON_PUBLIC_IPV4.map(([net, bits]) => {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return { net: (parseIPv4(net)! & mask) >>> 0, mask };
});

function isPublicIPv4(addr: number): boolean {
  return !NON_PUBLIC_IPV4_RANGES.some(({ net, mask }) => ((addr & mask) >>> 0) === net);
}

/** Strict dotted quad (no octal, hex or shortened forms: those are not what a resolver hands back). */
function parseIPv4(s: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i]!;
    if (part.length > 1 && part.startsWith('0')) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    n = n * 256 + octet;
  }
  return n >>> 0;
}

/** Eight 16-bit groups, or null. Accepts "::" compression and a trailing dotted IPv4 (::ffff:1.2.3.4). */
function parseIPv6(s: string): number[] | null {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return null;
  let text = s;
  if (text.includes('.')) {
    const lastColon = text.lastIndexOf(':');
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0]!);
  const rest = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (head === null || rest === null) return null;
  const explicit = head.length + rest.length;
  if (halves.length === 1) return explicit === 8 ? head : null;
  if (explicit > 7) return null;
  return [...head, ...new Array<number>(8 - explicit).fill(0), ...rest];
}

function parseGroups(part: string): number[] | null {
  if (part === '') return [];
  const out: number[] = [];
  for (const g of part.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    out.push(parseInt(g, 16));
  }
  return out;
}

function embeddedIPv4(g: number[]): number {
  return ((g[6]! << 16) | g[7]!) >>> 0;
}

function isPublicIPv6(g: number[]): boolean {
  const [g0, g1, g2, g3, g4, g5] = g as [number, number, number, number, number, number, number, number];
  const zeroTo80 = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  // ::ffff:a.b.c.d reaches the IPv4 host a.b.c.d.
  if (zeroTo80 && g5 === 0xffff) return isPublicIPv4(embeddedIPv4(g));
  // 64:ff9b::/96, the NAT64 well-known prefix, reaches the IPv4 it embeds.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return isPublicIPv4(embeddedIPv4(g));
  // Only 2000::/3 is global unicast; ::, ::1, IPv4-compatible, ULA fc00::/7, link-local fe80::/10,
  // site-local fec0::/10, multicast ff00::/8, discard 100::/64 and 64:ff9b:1::/48 all fall outside it.
  if ((g0 & 0xe000) !== 0x2000) return false;
  if (g0 === 0x2001 && g1 < 0x200) return false; // 2001::/23 IETF assignments: Teredo, ORCHID, benchmarking
  if (g0 === 0x2001 && g1 === 0x0db8) return false; // documentation
  if (g0 === 0x2002) return false; // 6to4 (deprecated; tunnels to an embedded IPv4)
  if (g0 === 0x3fff && g1 < 0x1000) return false; // 3fff::/20 documentation
  return true;
}
