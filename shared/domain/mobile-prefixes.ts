/**
 * Leading digits of the 11-digit mainland numbers a person can be sent an SMS verification code on:
 * the public mobile network codes (公众移动通信网网号) MIIT has assigned, to the 3, 4 or 5 digits at
 * which the assignment is made. A number is a mainland mobile number when it has 11 digits and starts
 * with one of these. Browser-safe, and small on purpose (a few hundred bytes, not a phone library).
 *
 * Sources (checked 30 November 2026):
 * - MIIT 《电信网编号计划（2017年版）》 (工信部信管〔2017〕68号, 13 April 2017): the plan for numbers
 *   starting with 1; 16x and 19x opened to mobile, 160/163/168/169 and 179 kept for other services.
 * - MIIT's later assignments, as announced: among them 166/198/199, 162/165/167, 191/193/195, and on
 *   24 December 2019 190/197/196 to China Telecom/Mobile/Unicom and 192 to China Broadnet.
 * - Google libphonenumber metadata 9.0.43 (shipped in libphonenumber-js 1.13.16, the test reference),
 *   CN mobile pattern `1(?:610\d|740[0-5])\d{6}|1(?:[38]\d|4[57]|[59][0-35-9]|6[25-7]|7[0-35-8])\d{8}`;
 *   1610 (China Broadnet) entered it in 2026 (google/libphonenumber#3970).
 * - zh.wikipedia 「中国大陆移动终端通信号码」 (2024 snapshot) and VincentSit/ChinaMobilePhoneNumberRegex
 *   (2020) for what each range is used for: phone card, data card, IoT, satellite, MVNO.
 * tests/unit/phone.test.ts compares every 4-digit prefix (5-digit within 1740) with libphonenumber and
 * lists each disagreement with its reason (today only 149).
 *
 * Refused on purpose (a worker's phone must receive the SMS verification code):
 * - 140–144, 146 and 148 (e.g. 1410x China Telecom, 1440x/1441x and 148 China Mobile, 146 China
 *   Unicom): IoT-only ranges for machine cards (meters, trackers), not issued as personal phone lines
 *   (140–144 numbers are 13 digits long anyway).
 * - 1749 (Inmarsat maritime satellite, 北京船舶通信导航) and 17406–17412 (MIIT's emergency
 *   communication centre): ship terminals and a government network, not personal mobile service.
 * - Not assigned to mobile: 154, 161 (but 1610), 164, 174 (but 17400–17405), 194; kept by the plan for
 *   other services: 160, 163, 168, 169, 179; and everything starting 10, 11 or 12.
 */
export const MOBILE_PREFIXES: readonly string[] = [
  // 130–139: the original GSM/CDMA ranges of China Mobile, China Unicom and China Telecom; 1349 is
  // China Telecom's satellite range (ex-China Satcom), which libphonenumber also counts as mobile.
  '13',
  // Data-card ranges (上网卡): 145 China Unicom, 147 China Mobile, 149 China Telecom. All three take
  // SMS, and MIIT lets the carriers offer voice on them (147 and 149 cards with voice are on sale).
  // 149 is assigned by MIIT but NOT in libphonenumber's CN mobile pattern (its own carrier data maps
  // 86149 to China Telecom): accepted, so that no real number is refused.
  '145',
  '147',
  '149',
  // 150–159 except 154 (never assigned).
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  // 1610 China Broadnet (2026); 162 China Telecom MVNO, 165 China Mobile MVNO, 166 China Unicom,
  // 167 China Unicom MVNO.
  '1610',
  '162',
  '165',
  '166',
  '167',
  // 170/171 MVNO (resold on the three carriers), 172 China Mobile, 173 China Telecom. zh.wikipedia
  // calls 172 an IoT range, but its cards are 11-digit, real-name, SMS-capable and sold to people, and
  // libphonenumber counts it as mobile: accepted.
  '170',
  '171',
  '172',
  '173',
  // 17400–17405: China Telecom Tiantong (天通) satellite phones, which send and receive SMS.
  '17400',
  '17401',
  '17402',
  '17403',
  '17404',
  '17405',
  // 175/176 China Unicom, 177 China Telecom, 178 China Mobile.
  '175',
  '176',
  '177',
  '178',
  // 180–189: all assigned.
  '18',
  // 190–199 except 194 (not assigned); 192 is China Broadnet.
  '190',
  '191',
  '192',
  '193',
  '195',
  '196',
  '197',
  '198',
  '199',
];

/** True when an 11-digit string starts with an assigned mobile prefix (the caller checks the length). */
export const hasMobilePrefix = (digits: string): boolean =>
  MOBILE_PREFIXES.some((prefix) => digits.startsWith(prefix));
