import type { Request } from '@middy/core';
import { describe, expect, it } from 'vitest';
import { InvalidJson, UnsupportedMediaType } from '../../shared/domain/errors';
import { type JsonBodyOptions, parseJsonBody } from '../../shared/http/middleware';
import type { HttpEvent, HttpResult } from '../../shared/http/types';
import { type HttpEventParts, httpEvent } from '../support/events';

const parse = async (parts: HttpEventParts, options?: JsonBodyOptions) => {
  const event = httpEvent(parts);
  await parseJsonBody(options).before?.({ event } as Request<HttpEvent, HttpResult>);
  return event.jsonBody;
};

describe('the JSON body parser', () => {
  it('parses a JSON body; refuses one that is not JSON (415) or not valid JSON (400)', async () => {
    expect(await parse({ body: { reason: '合并' } })).toEqual({ reason: '合并' });
    await expect(parse({ body: '{"a":', headers: { 'content-type': 'application/json' } })).rejects.toThrow(
      InvalidJson,
    );
    await expect(parse({ body: 'a=1', headers: { 'content-type': 'text/plain' } })).rejects.toThrow(
      UnsupportedMediaType,
    );
  });

  it('postsOnly: leaves the GET requests of a function that serves both alone', async () => {
    expect(await parse({ method: 'GET', path: '/api/unions' }, { postsOnly: true })).toBeUndefined();
    await expect(parse({ method: 'GET', path: '/api/unions' })).rejects.toThrow(UnsupportedMediaType);
    await expect(parse({ method: 'POST', path: '/api/unions' }, { postsOnly: true })).rejects.toThrow(
      UnsupportedMediaType,
    );
  });

  it('optional: a POST without a body passes with none; a body given is still checked', async () => {
    expect(await parse({ method: 'POST' }, { optional: true })).toBeUndefined();
    await expect(
      parse(
        { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } },
        { optional: true },
      ),
    ).rejects.toThrow(InvalidJson);
  });
});
