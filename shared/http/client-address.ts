/**
 * The address a request came from, for the per-address limits (docs/architecture.md §8). On AWS every request
 * reaches the API through CloudFront, which puts the viewer's address in `CloudFront-Viewer-Address`
 * (`ip:port`; the origin request policy forwards it) — the HTTP API's own source IP would be
 * CloudFront's. Locally it is the socket's address (the local gateway drops any such header a client
 * sends, since there is no CloudFront to set it). IPv6 addresses count by their /64 network: one
 * subscriber is usually given a whole /64 and could otherwise change address at will.
 */
import type { HttpEvent } from './types';

const ipv6Network = (address: string): string => {
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = address.includes('::') ? 8 - left.length - right.length : 0;
  const groups = [...left, ...Array(Math.max(missing, 0)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
};

/** `198.51.100.10:46532` → `198.51.100.10`; `2001:db8::1:443` → `2001:db8::1` (the last group is the port). */
const withoutPort = (viewerAddress: string): string => {
  const at = viewerAddress.lastIndexOf(':');
  return at > 0 ? viewerAddress.slice(0, at) : viewerAddress;
};

export const normaliseAddress = (address: string): string => {
  const plain = address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  return plain.includes(':') ? ipv6Network(plain) : plain;
};

export const clientAddress = (event: HttpEvent): string => {
  const viewer = event.headers?.['cloudfront-viewer-address'];
  if (viewer) return normaliseAddress(withoutPort(viewer));
  return normaliseAddress(event.requestContext?.http?.sourceIp ?? 'unknown');
};
