import { describe, expect, it, vi } from 'vitest';
import { memoiseCredentials, parseSmsCredentials } from '../../shared/sms/credentials';

describe('parseSmsCredentials', () => {
  it.each([
    ['our own names', { id: 'ID', secret: 'SECRET' }],
    ["Alibaba Cloud's names", { accessKeyId: 'ID', accessKeySecret: 'SECRET' }],
    ["Tencent Cloud's names", { secretId: 'ID', secretKey: 'SECRET' }],
  ])('accepts %s', (_, json) => {
    expect(parseSmsCredentials(JSON.stringify(json))).toEqual({ id: 'ID', secret: 'SECRET' });
  });

  it('trims what an operator pasted with spaces or a newline', () => {
    expect(parseSmsCredentials('{"accessKeyId":" ID\\n","accessKeySecret":"SECRET "}')).toEqual({
      id: 'ID',
      secret: 'SECRET',
    });
  });

  it('refuses the placeholder the stack creates, saying how to fill it in', () => {
    expect(() => parseSmsCredentials('{"id":"","secret":""}')).toThrow(/put-secret-value/);
  });

  it.each([
    ['a half pair', '{"id":"ID"}'],
    ['names from two providers mixed', '{"accessKeyId":"ID","secretKey":"SECRET"}'],
    ['non-string values', '{"id":1,"secret":2}'],
    ['a JSON string', '"ID:SECRET"'],
    ['null', 'null'],
  ])('refuses %s', (_, json) => {
    expect(() => parseSmsCredentials(json)).toThrow(/no filled-in key pair/);
  });

  it('refuses what is not JSON, without echoing it', () => {
    expect(() => parseSmsCredentials('ID:SECRET')).toThrow('the SMS credentials secret is not JSON');
  });
});

describe('memoiseCredentials', () => {
  it('loads once for any number of callers', async () => {
    const load = vi.fn(async () => ({ id: 'ID', secret: 'SECRET' }));
    const credentials = memoiseCredentials(load);
    await Promise.all([credentials(), credentials(), credentials()]);
    await credentials();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('tries again after a failed load', async () => {
    const load = vi
      .fn<() => Promise<{ id: string; secret: string }>>()
      .mockRejectedValueOnce(new Error('throttled'))
      .mockResolvedValue({ id: 'ID', secret: 'SECRET' });
    const credentials = memoiseCredentials(load);
    await expect(credentials()).rejects.toThrow('throttled');
    await expect(credentials()).resolves.toEqual({ id: 'ID', secret: 'SECRET' });
    expect(load).toHaveBeenCalledTimes(2);
  });
});
