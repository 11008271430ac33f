import { describe, it, expect } from 'vitest';
import { isPublicAddress } from './guard.js';

describe('isPublicAddress — IPv4', () => {
  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '41.138.32.1', // an African ISP
    '100.63.255.255', // just below CGNAT
    '100.128.0.0', // just above CGNAT
    '172.15.255.255', // just below 172.16/12
    '172.32.0.0', // just above 172.16/12
    '169.253.255.255',
    '192.167.255.255',
    '198.17.255.255',
    '198.20.0.0',
    '223.255.255.255', // last unicast before multicast
  ])('allows public %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });

  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'this network'],
    ['10.0.0.1', 'private 10/8'],
    ['10.255.255.255', 'private 10/8 top'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.254', 'CGNAT top'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback top'],
    ['169.254.169.254', 'cloud metadata'],
    ['169.254.0.1', 'link-local'],
    ['172.16.0.1', 'private 172.16/12'],
    ['172.31.255.255', 'private 172.16/12 top'],
    ['192.0.0.8', 'IETF protocol assignments'],
    ['192.0.2.1', 'TEST-NET-1'],
    ['192.88.99.1', '6to4 relay'],
    ['192.168.1.1', 'private 192.168/16'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking top'],
    ['198.51.100.7', 'TEST-NET-2'],
    ['203.0.113.9', 'TEST-NET-3'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast SSDP'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
  ])('refuses %s (%s)', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });
});

describe('isPublicAddress — IPv6', () => {
  it.each(['2001:4860:4860::8888', '2606:4700:4700::1111', '2a00:1450:4007:80e::200e', '2c0f:fb50::1', '2001:200::1', '3ffe::1'])('allows public %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });

  it.each([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback, uncompressed'],
    ['[::1]', 'loopback in URL brackets'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local with zone'],
    ['febf:ffff::1', 'link-local top'],
    ['fec0::1', 'site-local'],
    ['fc00::1', 'ULA fc'],
    ['fd12:3456:789a::1', 'ULA fd'],
    ['ff02::1', 'multicast'],
    ['ff05::1:3', 'multicast site'],
    ['100::1', 'discard-only'],
    ['2001:db8::1', 'documentation'],
    ['2001::1', 'Teredo'],
    ['2001:10::1', 'ORCHID'],
    ['2002:7f00:1::1', '6to4'],
    ['3fff::1', 'documentation 3fff::/20'],
    ['3fff:fff::1', 'documentation 3fff::/20 top'],
    ['5f00::1', 'SRv6'],
    ['::127.0.0.1', 'IPv4-compatible'],
    ['64:ff9b:1::1', 'local NAT64'],
  ])('refuses %s (%s)', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it('judges IPv4-mapped addresses by the IPv4 they carry, in dotted and hex form', () => {
    expect(isPublicAddress('::ffff:127.0.0.1')).toBe(false);
    expect(isPublicAddress('::ffff:7f00:1')).toBe(false);
    expect(isPublicAddress('[::ffff:7f00:1]')).toBe(false);
    expect(isPublicAddress('::ffff:169.254.169.254')).toBe(false);
    expect(isPublicAddress('::ffff:a9fe:a9fe')).toBe(false);
    expect(isPublicAddress('::ffff:10.0.0.1')).toBe(false);
    expect(isPublicAddress('0:0:0:0:0:ffff:c0a8:0101')).toBe(false);
    expect(isPublicAddress('::ffff:8.8.8.8')).toBe(true);
    expect(isPublicAddress('::FFFF:808:808')).toBe(true);
  });

  it('judges NAT64 addresses by the IPv4 they carry', () => {
    expect(isPublicAddress('64:ff9b::8.8.8.8')).toBe(true);
    expect(isPublicAddress('64:ff9b::7f00:1')).toBe(false);
    expect(isPublicAddress('64:ff9b::a9fe:a9fe')).toBe(false);
  });
});

describe('isPublicAddress — malformed input is refused', () => {
  it.each(['', 'localhost', 'example.com', '127.1', '0x7f.0.0.1', '0177.0.0.1', '2130706433', '256.1.1.1', '1.2.3', '1.2.3.4.5', '::1::', '1:2:3:4:5:6:7:8:9', '12345::1', 'gggg::1', ':::', '::ffff:1.2.3', ' '])('refuses %j', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });
});
