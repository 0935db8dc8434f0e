import { describe, expect, it } from 'vitest';
import { validateApplication } from '../../shared/domain/application-rules';
import { applicationBody, sourceFromQuery } from '../../web/src/apply/form-values';
import { ADULT_ID_NUMBER } from '../support/id-numbers';

const formData = (entries: Array<[string, string]>) => {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
};

describe('the form’s values as an API body', () => {
  it('builds a body the API rules accept from a filled form', () => {
    const data = formData([
      ['trade', 'courier'],
      ['platforms', 'sf_express'],
      ['platforms', 'other'],
      ['platformOther', '本地同城'],
      ['fullName', ' 王小明 '],
      ['phone', '+86 138-1234-5678'],
      ['idNumber', ADULT_ID_NUMBER],
      ['county', 'ludian'],
      ['workplace', ''],
      ['consent', 'yes'],
      ['verificationCode', ' 123 456 '],
    ]);
    const verificationId = `V${'a'.repeat(22)}`;
    const body = applicationBody(data, { source: 'station-12', locale: 'en', verificationId });
    expect(body).toEqual({
      fullName: ' 王小明 ',
      phone: '+86 138-1234-5678',
      idNumber: ADULT_ID_NUMBER,
      trade: 'courier',
      platforms: ['sf_express', 'other'],
      platformOther: '本地同城',
      county: 'ludian',
      source: 'station-12',
      consent: true,
      locale: 'en',
      verificationId,
      verificationCode: ' 123 456 ',
    });
    const checked = validateApplication(body);
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(checked.value.phone).toBe('13812345678');
    if (checked.ok) expect(checked.value.verificationCode).toBe('123456');
  });

  it('asks for what is missing, in the words people need', () => {
    const body = applicationBody(formData([['fullName', '   ']]), { locale: 'zh-CN' });
    expect(body).toEqual({ trade: '', platforms: [], county: '', consent: false, locale: 'zh-CN' });
    const checked = validateApplication(body);
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.fields).toEqual({
        fullName: 'required',
        phone: 'required',
        idNumber: 'required',
        trade: 'trade.unknown',
        platforms: 'platforms.count',
        county: 'county.unknown',
        consent: 'consent.required',
        verificationCode: 'verificationCode.request',
      });
    }
  });

  it('takes the source from the query only when the API would accept it', () => {
    expect(sourceFromQuery('?source=station-12')).toBe('station-12');
    expect(sourceFromQuery('?utm=x&source=event-2026')).toBe('event-2026');
    expect(sourceFromQuery('')).toBeUndefined();
    expect(sourceFromQuery('?source=')).toBeUndefined();
    expect(sourceFromQuery('?source=Station 12')).toBeUndefined();
    expect(sourceFromQuery(`?source=${'a'.repeat(41)}`)).toBeUndefined();
    expect(sourceFromQuery('?source=%3Cscript%3E')).toBeUndefined();
  });
});
