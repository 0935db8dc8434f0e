import { idNumber, ZHAOYANG_REGION } from '../../support/id-numbers';

let next = 100;

/** A different, valid person each call: their own ID number and mobile number. */
export const newPerson = () => {
  const n = next++;
  return {
    idNumber: idNumber(
      ZHAOYANG_REGION,
      `19${80 + (n % 20)}0${1 + (n % 9)}1${n % 10}`,
      String(n % 1000).padStart(3, '0'),
    ),
    phone: `137${String(n).padStart(8, '0')}`,
  };
};
