import { describe, expect, it } from 'vitest';
import {
  isApplicationId,
  normaliseApplicationId,
  parseStatusFragment,
  statusLink,
} from '../../web/src/common/status-link';

const ID = 'A261128-GZYHXPJM';
const TOKEN = '-t05BDmBO3T-_F5G3pyHAJAhgUaZIvUj_lZ-kCnqpX0';

describe('status page links', () => {
  it('puts the number and token in the fragment, never the query', () => {
    const link = statusLink({ applicationId: ID, statusToken: TOKEN });
    expect(link.startsWith('/status#')).toBe(true);
    expect(link).not.toContain('?');
  });

  it('reads back what it writes, whatever the token holds', () => {
    for (const statusToken of [TOKEN, 'a+b/c=d&e#f g', '令牌']) {
      const link = statusLink({ applicationId: ID, statusToken });
      expect(parseStatusFragment(link.slice(link.indexOf('#')))).toEqual({ applicationId: ID, statusToken });
    }
  });

  it('accepts a fragment with or without the #, and a lower-case or spaced number', () => {
    expect(parseStatusFragment(`id=${ID}&token=${TOKEN}`)).toEqual({ applicationId: ID, statusToken: TOKEN });
    expect(parseStatusFragment(`#token=${TOKEN}&id=a261128-gzyh%20xpjm`)).toEqual({
      applicationId: ID,
      statusToken: TOKEN,
    });
  });

  it('gives nothing for an incomplete or malformed fragment', () => {
    expect(parseStatusFragment('')).toBeUndefined();
    expect(parseStatusFragment('#')).toBeUndefined();
    expect(parseStatusFragment(`#id=${ID}`)).toBeUndefined();
    expect(parseStatusFragment(`#id=${ID}&token=%20`)).toBeUndefined();
    expect(parseStatusFragment(`#token=${TOKEN}`)).toBeUndefined();
    expect(parseStatusFragment(`#id=not-an-id&token=${TOKEN}`)).toBeUndefined();
    expect(parseStatusFragment('#%E0%A4%A')).toBeUndefined();
  });

  it('normalises and recognises application numbers as the API writes them', () => {
    expect(normaliseApplicationId(' a261128-gzyh xpjm ')).toBe(ID);
    expect(isApplicationId(ID)).toBe(true);
    expect(isApplicationId('A261128-GZYHXPJ')).toBe(false);
    expect(isApplicationId('A261128-GZYHXPJI')).toBe(false); // Crockford base32 has no I
  });
});
