/** Request bodies for `POST /api/applications` (README, "The API, with curl"), for unit and integration tests. */
import { ADULT_ID_NUMBER } from './id-numbers';

/** The shape of a valid body; tests may override any field, or add unknown ones, through `overrides`. */
export interface ApplicationBody {
  fullName: string;
  phone: string;
  idNumber: string;
  trade: string;
  platforms: string[];
  county: string;
  consent: boolean;
  platformOther?: string;
  workplace?: string;
  source?: string;
  locale?: string;
  verificationId?: string;
  verificationCode?: string;
  [field: string]: unknown;
}

/**
 * A well-formed verification that proves nothing: it passes the rules (so validation tests see only the
 * problems they make) and the integration harness swaps it for a real one, by asking for a code for the
 * body's phone and reading it from the SMS outbox, before the body reaches intake.
 */
export const UNPROVEN = { verificationId: `V${'0'.repeat(22)}`, verificationCode: '000000' } as const;

/**
 * A fresh, valid application body: 王小明, 13812345678, an adult's valid ID number, a food-delivery rider
 * on Meituan in Zhaoyang, consent given, and the UNPROVEN verification. `overrides` are merged over it (shallowly); to drop a field, pass
 * it as `undefined` (JSON.stringify then leaves it out) or delete it from the returned object.
 *
 * @example validApplicationBody({ trade: 'courier', platforms: ['sf_express'] })
 */
export const validApplicationBody = (overrides: Partial<ApplicationBody> = {}): ApplicationBody => ({
  fullName: '王小明',
  phone: '13812345678',
  idNumber: ADULT_ID_NUMBER,
  trade: 'delivery_rider',
  platforms: ['meituan'],
  county: 'zhaoyang',
  consent: true,
  ...UNPROVEN,
  ...overrides,
});
