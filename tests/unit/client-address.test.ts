import { describe, expect, it } from 'vitest';
import { clientAddress, normaliseAddress } from '../../shared/http/client-address';
import { httpEvent } from '../support/events';

describe('clientAddress (who the per-address limits count)', () => {
  it('takes the viewer address CloudFront sets, without its port', () => {
    const event = httpEvent({ headers: { 'CloudFront-Viewer-Address': '198.51.100.10:46532' } });
    expect(clientAddress(event)).toBe('198.51.100.10');
  });

  it('counts an IPv6 viewer by its /64 network, port removed', () => {
    const event = httpEvent({
      headers: { 'CloudFront-Viewer-Address': '2001:0db8:85a3:0000:0000:8a2e:0370:7334:443' },
    });
    expect(clientAddress(event)).toBe('2001:db8:85a3:0::/64');
  });

  it('falls back to the source IP of the request (the local gateway’s socket)', () => {
    expect(clientAddress(httpEvent())).toBe('127.0.0.1');
  });

  it.each([
    ['IPv4-mapped IPv6 is the IPv4 address', '::ffff:203.0.113.9', '203.0.113.9'],
    ['two addresses of one /64 are one network', '2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['…the same /64 written out', '2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['another /64 is another network', '2001:db8:1:3::1', '2001:db8:1:3::/64'],
    ['the loopback', '::1', '0:0:0:0::/64'],
  ])('%s', (_case, address, expected) => {
    expect(normaliseAddress(address)).toBe(expected);
  });
});
