/**
 * The demo's applicants: generated, clearly fake, and valid. Every name starts with 示例 (example), the
 * ID numbers carry a correct GB 11643 check character and the birth region of the county applied in,
 * the phones start with a mainland mobile prefix and are all different (a code is asked for each).
 */
import { catalog } from '../../shared/catalog/index';
import { idCheckCharacter } from '../../shared/domain/id-number';
import { MOBILE_PREFIXES } from '../../shared/domain/mobile-prefixes';

export const DEMO_NAME_PREFIX = '示例·';
/** The `source` field of every seeded application, as a QR code at a station would set it. */
export const DEMO_SOURCE = 'demo-seed';

export interface DemoApplicant {
  fullName: string;
  phone: string;
  idNumber: string;
  trade: string;
  platforms: string[];
  county: string;
}

/** The administrative division codes of Zhaotong's districts and counties (GB/T 2260). */
const REGION_BY_COUNTY: Record<string, string> = {
  zhaoyang: '530602',
  ludian: '530621',
  qiaojia: '530622',
  yanjin: '530623',
  daguan: '530624',
  yongshan: '530625',
  suijiang: '530626',
  zhenxiong: '530627',
  yiliang: '530628',
  weixin: '530629',
  shuifu: '530681',
};

/** Roughly how the drive's applications spread: the city district and the large counties first. */
const COUNTY_WEIGHTS: Record<string, number> = {
  zhaoyang: 30,
  zhenxiong: 14,
  ludian: 10,
  qiaojia: 8,
  yiliang: 8,
  weixin: 6,
  yongshan: 6,
  daguan: 5,
  yanjin: 5,
  shuifu: 4,
  suijiang: 4,
};
const TRADE_WEIGHTS: Record<string, number> = {
  delivery_rider: 40,
  courier: 25,
  ride_hailing_driver: 20,
  truck_driver: 15,
};

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文施洪';
const GIVEN = [
  '芳',
  '伟',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '文',
  '华',
  '红',
  '建国',
  '志强',
  '春梅',
  '海燕',
  '小龙',
  '玉兰',
  '德明',
  '晓东',
  '丽华',
  '永胜',
  '国庆',
  '燕',
  '鹏',
  '浩',
  '宇',
  '欣怡',
  '子涵',
  '雨萱',
  '俊杰',
];

export type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const weighted = (random: Random, weights: Record<string, number>): string => {
  const total = Object.values(weights).reduce((n, w) => n + w, 0);
  let left = random() * total;
  for (const [code, weight] of Object.entries(weights)) {
    left -= weight;
    if (left < 0) return code;
  }
  return Object.keys(weights)[0] as string;
};

const digits = (random: Random, count: number): string =>
  Array.from({ length: count }, () => Math.floor(random() * 10)).join('');

/** A mainland mobile number: a prefix MIIT assigned, then random digits up to 11. */
export const demoPhone = (random: Random): string => {
  const prefix = pick(random, MOBILE_PREFIXES);
  return `${prefix}${digits(random, 11 - prefix.length)}`;
};

/** A valid ID number born in `county`, aged 18 to 55 on `today`. */
export const demoIdNumber = (random: Random, county: string, today: Date): string => {
  const year = today.getUTCFullYear() - 18 - Math.floor(random() * 38);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  const first17 = `${REGION_BY_COUNTY[county] ?? '530602'}${birth}${digits(random, 3)}`;
  return `${first17}${idCheckCharacter(first17)}`;
};

const platformsFor = (trade: string): string[] =>
  catalog.platforms.filter((p) => p.code !== 'other' && p.trades.includes(trade)).map((p) => p.code);

/** Head platforms (the big ones) are picked three times as often as the rest; one platform, or two. */
const demoPlatforms = (random: Random, trade: string): string[] => {
  const weights = Object.fromEntries(
    platformsFor(trade).map((code) => [code, catalog.platforms.find((p) => p.code === code)?.head ? 3 : 1]),
  );
  const first = weighted(random, weights);
  if (random() >= 0.25) return [first];
  const { [first]: _, ...others } = weights;
  return Object.keys(others).length > 0 ? [first, weighted(random, others)] : [first];
};

/** `count` applicants, every phone and ID number different. */
export const demoApplicants = (count: number, random: Random, today = new Date()): DemoApplicant[] => {
  const phones = new Set<string>();
  const ids = new Set<string>();
  const applicants: DemoApplicant[] = [];
  while (applicants.length < count) {
    const county = weighted(random, COUNTY_WEIGHTS);
    const trade = weighted(random, TRADE_WEIGHTS);
    const phone = demoPhone(random);
    const idNumber = demoIdNumber(random, county, today);
    if (phones.has(phone) || ids.has(idNumber)) continue;
    phones.add(phone);
    ids.add(idNumber);
    applicants.push({
      fullName: `${DEMO_NAME_PREFIX}${pick(random, [...SURNAMES])}${pick(random, GIVEN)}`,
      phone,
      idNumber,
      trade,
      platforms: demoPlatforms(random, trade),
      county,
    });
  }
  return applicants;
};
