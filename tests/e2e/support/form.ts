/** Filling in the application form (`/`) as a worker does, including proving the phone with the SMS code. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { normalisePhone } from '../../../shared/domain/phone';
import { parseStatusFragment, type StatusLookup } from '../../../web/src/common/status-link';
import { uniqueIdNumber, uniquePhone } from './pages';
import { codeSentTo, codesSentTo } from './stack';

export interface FormAnswers {
  /** As typed: spaces and +86 are fine (the outbox has the 11-digit form). */
  phone?: string;
  idNumber?: string;
  fullName?: string;
}

/** Fills in every field but the code: a food-delivery rider on Meituan and Ele.me in Zhaoyang. */
export const fillForm = async (page: Page, answers: FormAnswers = {}): Promise<void> => {
  await page.locator('#trade-delivery_rider').check();
  await page.locator('#platforms-meituan').check();
  await page.locator('#platforms-eleme').check();
  await page.locator('[name=fullName]').fill(answers.fullName ?? '王小明');
  await page.locator('[name=phone]').fill(answers.phone ?? `+86 ${uniquePhone()}`);
  await page.locator('[name=idNumber]').fill(answers.idNumber ?? uniqueIdNumber());
  await page.locator('[name=county]').selectOption('zhaoyang');
  await page.locator('[name=workplace]').fill('昭阳区美团站点');
  await page.locator('[name=consent]').check();
};

/** The 11-digit number in the phone field. */
export const phoneIn = async (page: Page): Promise<string> => {
  const phone = normalisePhone(await page.locator('[name=phone]').inputValue());
  if (!phone) throw new Error('the phone field holds no mobile number');
  return phone;
};

/** Presses "Send code", expects the API's 202 and reads the code that was texted from the stack's outbox. */
export const askForCode = async (
  page: Page,
  dataDir: string,
): Promise<{ verificationId: string; code: string; phone: string }> => {
  const phone = await phoneIn(page);
  const before = codesSentTo(dataDir, phone).length;
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => r.url().endsWith('/api/phone-verifications') && r.request().method() === 'POST',
    ),
    page.locator('#send-code').click(),
  ]);
  expect(response.status()).toBe(202);
  const { verificationId } = (await response.json()) as { verificationId: string };
  const code = await codeSentTo(dataDir, phone, before + 1);
  return { verificationId, code, phone };
};

/** Fills in the form and proves the phone: asks for a code and types it in. */
export const fillAndProve = async (page: Page, dataDir: string, answers: FormAnswers = {}) => {
  await fillForm(page, answers);
  const sent = await askForCode(page, dataDir);
  await page.locator('[name=verificationCode]').fill(sent.code);
  return sent;
};

/** The application number on the confirmation, once it shows. */
export const confirmedNumber = async (page: Page): Promise<string> => {
  const number = page.locator('#application-id');
  await number.waitFor({ state: 'visible' });
  return (await number.innerText()).trim();
};

/** The application number and status token in the confirmation's status link. */
export const statusLookupOf = async (page: Page): Promise<StatusLookup> => {
  const href = (await page.locator('#status-link').getAttribute('href')) ?? '';
  const lookup = parseStatusFragment(new URL(href, 'http://127.0.0.1').hash);
  if (!lookup) throw new Error(`no lookup in the status link ${href}`);
  return lookup;
};
