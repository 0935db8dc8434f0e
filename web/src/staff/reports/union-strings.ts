/**
 * The text of the coverage report's union section (建会) on `/reports`, in both languages: kept apart from
 * staff/common/strings.ts so that only the dashboard loads it. The build checks the page's Chinese text against it.
 */

const zhCN = {
  'reports.unions.heading': '建会情况',
  'reports.unions.intro':
    '按生成报告时的工会名单统计。头部平台建会率 = 至少在一个县区有在册平台企业工会或联合工会的头部平台 ÷ 头部平台总数。',
  'reports.unions.rate': '头部平台建会率',
  'reports.unions.rateValue': '{withUnion}/{total} 家 · {percent}',
  'reports.unions.without': '还没有工会的头部平台：{platforms}',
  'reports.unions.allCovered': '每一家头部平台都有工会了。',
  'reports.unions.members': '工会里的会员',
  'reports.unions.inFallback': '仍在兜底工会的会员',
  'reports.unions.inFallbackNote': '占工会里会员的 {percent}',
  'reports.unions.left': '本期退会的会员',
  'reports.unions.county': '各县区建会情况',
  'reports.unions.perUnion': '各工会的会员',
  'reports.unions.col.rate': '头部平台建会率',
  'reports.unions.col.without': '还没有工会的头部平台',
  'reports.unions.col.activeUnions': '在册工会',
  'reports.unions.col.inFallback': '在兜底工会',
  'reports.unions.col.union': '工会',
  'reports.unions.col.kind': '类型',
  'reports.unions.dissolved': '{name}（已撤销）',
  'reports.unions.none': '无',
  'reports.unions.kind.platform': '平台企业工会',
  'reports.unions.kind.industry': '行业工会',
  'reports.unions.kind.joint': '联合工会',
  'reports.unions.kind.fallback': '兜底联合工会',
};

export type ReportUnionsKey = keyof typeof zhCN;

const en: Record<ReportUnionsKey, string> = {
  'reports.unions.heading': 'Grassroots unions',
  'reports.unions.intro':
    'From the unions as they stood when the report was generated. Head-platform union rate = leading platforms with an active platform or joint union in at least one county ÷ all leading platforms.',
  'reports.unions.rate': 'Head-platform union rate',
  'reports.unions.rateValue': '{withUnion}/{total} · {percent}',
  'reports.unions.without': 'Leading platforms without a union: {platforms}',
  'reports.unions.allCovered': 'Every leading platform has a union.',
  'reports.unions.members': 'Members in unions',
  'reports.unions.inFallback': 'Members still in fallback unions',
  'reports.unions.inFallbackNote': '{percent} of the members in unions',
  'reports.unions.left': 'Members who left in the period',
  'reports.unions.county': 'Unions by county',
  'reports.unions.perUnion': 'Members per union',
  'reports.unions.col.rate': 'Head-platform union rate',
  'reports.unions.col.without': 'Leading platforms without a union',
  'reports.unions.col.activeUnions': 'Active unions',
  'reports.unions.col.inFallback': 'In the fallback union',
  'reports.unions.col.union': 'Union',
  'reports.unions.col.kind': 'Kind',
  'reports.unions.dissolved': '{name} (dissolved)',
  'reports.unions.none': 'none',
  'reports.unions.kind.platform': 'Platform union',
  'reports.unions.kind.industry': 'Industry union',
  'reports.unions.kind.joint': 'Joint union',
  'reports.unions.kind.fallback': 'Fallback union',
};

export const REPORT_UNIONS_STRINGS: Record<'zh-CN' | 'en', Record<ReportUnionsKey, string>> = {
  'zh-CN': zhCN,
  en,
};
