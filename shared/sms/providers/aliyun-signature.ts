/**
 * Alibaba Cloud's V3 request signature (ACS3-HMAC-SHA256), as documented in "V3版本请求体&签名机制"
 * (https://help.aliyun.com/document_detail/2593177.html) and as
 * @alicloud/openapi-core computes it: a canonical request of the method, path, sorted RFC 3986-encoded
 * query, the `host`, `content-type` and `x-acs-*` headers and the body's SHA-256, hashed and signed
 * with HMAC-SHA256 under the AccessKey secret.
 */
import { createHash, createHmac } from 'node:crypto';

export const ACS3 = 'ACS3-HMAC-SHA256';

export const sha256Hex = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');

/** RFC 3986: encodeURIComponent leaves !'()* alone; Alibaba Cloud wants them encoded. */
export const percentEncode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export const canonicalQuery = (query: Record<string, string>): string =>
  Object.keys(query)
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(query[key] ?? '')}`)
    .join('&');

const isSignedHeader = (name: string): boolean =>
  name === 'host' || name === 'content-type' || name.startsWith('x-acs-');

export interface Acs3Request {
  method: string;
  query: Record<string, string>;
  /** Lowercase names. */
  headers: Record<string, string>;
  body: string;
}

/** The Authorization header for a request whose `x-acs-content-sha256` is already set. */
export const acs3Authorization = (request: Acs3Request, accessKeyId: string, secret: string): string => {
  const signed = Object.keys(request.headers).filter(isSignedHeader).sort();
  const canonicalHeaders = signed.map((name) => `${name}:${(request.headers[name] ?? '').trim()}\n`).join('');
  const canonicalRequest = [
    request.method,
    '/',
    canonicalQuery(request.query),
    canonicalHeaders,
    signed.join(';'),
    sha256Hex(request.body),
  ].join('\n');
  const signature = createHmac('sha256', secret)
    .update(`${ACS3}\n${sha256Hex(canonicalRequest)}`)
    .digest('hex');
  return `${ACS3} Credential=${accessKeyId},SignedHeaders=${signed.join(';')},Signature=${signature}`;
};
