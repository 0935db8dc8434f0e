/** Every message a user can see from the API, in both locales. Browser-safe. */
import type { Locale } from '../catalog/index';

export const DEFAULT_LOCALE: Locale = 'zh-CN';

type Messages = Record<string, Record<Locale, string>>;

/** Messages for whole-request errors, keyed by the error code of the response body. */
export const errorMessages: Messages = {
  validation_failed: {
    'zh-CN': '请检查标出的项目后重新提交。',
    en: 'Please check the marked fields and submit again.',
  },
  payload_too_large: {
    'zh-CN': '提交的内容过大（上限 8 KB）。',
    en: 'The request is too large (the limit is 8 KB).',
  },
  unsupported_media_type: {
    'zh-CN': '请以 JSON 格式提交（Content-Type: application/json）。',
    en: 'Please send JSON (Content-Type: application/json).',
  },
  invalid_json: { 'zh-CN': '提交的内容不是有效的 JSON。', en: 'The request body is not valid JSON.' },
  invalid_idempotency_key: {
    'zh-CN': 'Idempotency-Key 须为 1–64 个可见 ASCII 字符。',
    en: 'Idempotency-Key must be 1–64 visible ASCII characters.',
  },
  idempotency_key_reused: {
    'zh-CN': '该 Idempotency-Key 已用于另一份不同的申请。',
    en: 'This Idempotency-Key was already used for a different request.',
  },
  not_found: {
    'zh-CN': '未找到该申请，请核对申请编号和查询凭证。',
    en: 'Not found. Check the application number and status token.',
  },
  unauthorized: {
    'zh-CN': '请先登录（缺少或无效的登录凭证，或已过期）。',
    en: 'Please sign in: the token is missing, invalid or expired.',
  },
  forbidden: { 'zh-CN': '您的账号没有审核权限。', en: 'Your account is not allowed to do this.' },
  too_many_requests: {
    'zh-CN': '请求太频繁了，请稍后再试。',
    en: 'Too many requests. Please wait a little and try again.',
  },
  id_already_member: {
    'zh-CN':
      '持有这个身份证号的人已经是会员了，不能再批准一份申请。请先核实身份（查看身份证原件），再处理这份申请。',
    en: 'Someone with this ID number is already a member, so this application cannot also be approved. Check the ID card in person, then decide.',
  },
  sms_failed: {
    'zh-CN': '短信暂时发不出去，请稍后再试。',
    en: 'The text message could not be sent just now. Please try again shortly.',
  },
  already_decided: {
    'zh-CN': '该申请已经处理过了（可能是其他审核员刚刚处理）。',
    en: 'This application has already been decided (perhaps by another reviewer just now).',
  },
  invalid_cursor: {
    'zh-CN': '分页参数无效，请从第一页重新开始。',
    en: 'The page cursor is not valid; start from the first page.',
  },
  invalid_query: { 'zh-CN': '查询参数有误。', en: 'A query parameter is not valid.' },
  changed_meanwhile: {
    'zh-CN': '这条记录刚被其他人修改过，请刷新后再改。',
    en: 'Someone else changed this just now. Reload it and make your change again.',
  },
  not_staff: {
    'zh-CN': '您已登录，但还不在工作人员名单上。请联系管理员添加，或使用管理员给您的邀请链接。',
    en: 'You are signed in but not on the staff list. Ask an administrator to add you, or use the invitation they gave you.',
  },
  listing_too_deep: {
    'zh-CN': '已经翻到列表的尽头，请缩小筛选范围（县区、职业、平台）再查看；管理员可以导出名单。',
    en: 'This is as far as a listing goes. Narrow the filters (county, trade, platform); administrators can export the list.',
  },
  union_slot_taken: {
    'zh-CN': '本县区已有一个在册工会覆盖这个平台或职业类别；请先撤销它，或修改那个工会。',
    en: 'An active union in this county already covers this platform or trade. Dissolve or change that one first.',
  },
  union_unavailable: {
    'zh-CN': '这个工会不能办理此项：它已撤销、是县区兜底工会（不能撤销），或不在会员所在县区。',
    en: 'This union cannot do that: it is dissolved, it is the county’s fallback union (never dissolved), or it is in another county.',
  },
  member_left: { 'zh-CN': '该会员已退会。', en: 'This member has left the union.' },
  method_not_allowed: {
    'zh-CN': '该接口不支持此请求方法。',
    en: 'This endpoint does not support that method.',
  },
  route_not_found: { 'zh-CN': '没有这个接口。', en: 'There is no such endpoint.' },
  service_unavailable: {
    'zh-CN': '系统繁忙，请稍后重试，您的信息不会丢失。',
    en: 'The service is busy. Please try again shortly.',
  },
  internal_error: {
    'zh-CN': '系统出错了，请稍后重试。',
    en: 'Something went wrong on our side. Please try again later.',
  },
};

/** Messages for field problems, keyed by the codes the rules produce. */
export const fieldMessages: Messages = {
  required: { 'zh-CN': '此项为必填。', en: 'This field is required.' },
  type: { 'zh-CN': '格式不正确。', en: 'This value has the wrong type.' },
  invalid: { 'zh-CN': '内容不正确。', en: 'This value is not valid.' },
  unknown_field: { 'zh-CN': '不认识的字段，请删除。', en: 'Unknown field; remove it.' },
  'body.object': { 'zh-CN': '请求体必须是一个 JSON 对象。', en: 'The body must be a JSON object.' },
  'fullName.length': { 'zh-CN': '姓名应为 2–40 个字。', en: 'The name must be 2–40 characters long.' },
  'fullName.characters': {
    'zh-CN': '姓名不能包含数字、控制字符或尖括号。',
    en: 'The name must not contain digits, control characters or angle brackets.',
  },
  'phone.format': {
    'zh-CN': '请填写 11 位中国大陆手机号，例如 138 1234 5678。',
    en: 'Enter an 11-digit mainland China mobile number, e.g. 138 1234 5678.',
  },
  'idNumber.format': {
    'zh-CN': '身份证号应为 18 位：17 位数字加最后一位数字或 X。',
    en: 'The ID number has 18 characters: 17 digits and a final digit or X.',
  },
  'idNumber.region': {
    'zh-CN': '身份证号的前两位不是有效的省份代码，请核对。',
    en: 'The first two digits of the ID number are not a valid province code; please check them.',
  },
  'idNumber.checksum': {
    'zh-CN': '身份证号校验位不对，请逐位核对。',
    en: 'The ID number’s check digit does not match; please check each digit.',
  },
  'idNumber.birthdate': {
    'zh-CN': '身份证号中的出生日期不存在。',
    en: 'The date of birth in the ID number is not a real date.',
  },
  'idNumber.age': { 'zh-CN': '申请人须年满 16 周岁。', en: 'Applicants must be at least 16 years old.' },
  'trade.unknown': { 'zh-CN': '请选择职业类别。', en: 'Choose a trade from the list.' },
  'platforms.count': { 'zh-CN': '请选择 1–5 个平台。', en: 'Choose between 1 and 5 platforms.' },
  'platforms.unknown': { 'zh-CN': '请从列表中选择平台。', en: 'Choose platforms from the list.' },
  'platforms.duplicate': { 'zh-CN': '同一平台只能选一次。', en: 'Each platform can be chosen only once.' },
  'platforms.trade': {
    'zh-CN': '所选平台与职业类别不符。',
    en: 'One of the chosen platforms does not serve this trade.',
  },
  'platformOther.required': {
    'zh-CN': '选择“其他”时请填写平台名称。',
    en: 'Name the platform when you choose “Other”.',
  },
  'platformOther.length': {
    'zh-CN': '平台名称应为 2–40 个字。',
    en: 'The platform name must be 2–40 characters long.',
  },
  'platformOther.unexpected': {
    'zh-CN': '只有选择“其他”时才填写平台名称。',
    en: 'Only name a platform when you choose “Other”.',
  },
  'county.unknown': { 'zh-CN': '请选择所在县区。', en: 'Choose a county from the list.' },
  'workplace.length': {
    'zh-CN': '工作地点最多 80 个字。',
    en: 'The workplace may be at most 80 characters long.',
  },
  'text.characters': {
    'zh-CN': '不能包含控制字符或尖括号。',
    en: 'Must not contain control characters or angle brackets.',
  },
  'source.format': {
    'zh-CN': '来源编码只能包含小写字母、数字和连字符。',
    en: 'The source code may only contain lowercase letters, digits and dashes.',
  },
  'consent.required': {
    'zh-CN': '请阅读并勾选同意个人信息处理说明。',
    en: 'Please read and tick the consent to the processing of your personal information.',
  },
  'decision.unknown': {
    'zh-CN': '决定只能是 approve 或 reject。',
    en: 'The decision must be approve or reject.',
  },
  'reason.required': {
    'zh-CN': '驳回时请填写理由，申请人会看到。',
    en: 'Give a reason to reject; the applicant will see it.',
  },
  'reason.length': { 'zh-CN': '理由最多 500 字。', en: 'The reason may be at most 500 characters long.' },
  'contact.outcome': {
    'zh-CN': '联系结果只能是 reached（已联系上）、no_answer（无人接听）或 wrong_number（号码错误）。',
    en: 'The outcome must be reached, no_answer or wrong_number.',
  },
  'contact.note.length': { 'zh-CN': '备注最多 200 字。', en: 'The note may be at most 200 characters long.' },
  'union.name.length': {
    'zh-CN': '工会名称最多 60 个字。',
    en: 'The union name may be at most 60 characters long.',
  },
  'union.kind': {
    'zh-CN': '工会类型只能是平台企业工会、行业工会或联合工会。',
    en: 'The kind must be platform, industry or joint.',
  },
  'union.platform': { 'zh-CN': '请从列表中选择平台。', en: 'Choose a platform from the list.' },
  'union.trade.platform_kind': {
    'zh-CN': '平台企业工会只填平台，不填职业类别。',
    en: 'A platform union names a platform, not a trade.',
  },
  'union.platform.industry_kind': {
    'zh-CN': '行业工会只填职业类别，不填平台。',
    en: 'An industry union names a trade, not a platform.',
  },
  'union.joint.coverage': {
    'zh-CN': '联合工会须覆盖一个平台或一个职业类别（二选一）。',
    en: 'A joint union covers either one platform or one trade.',
  },
  'union.setUpOn': {
    'zh-CN': '请填写有效日期，格式 2026-11-30。',
    en: 'Enter a real date as YYYY-MM-DD, e.g. 2026-11-30.',
  },
  'union.status': {
    'zh-CN': '状态只能改为 dissolved（撤销）。',
    en: 'The status can only become dissolved.',
  },
  'union.change.empty': {
    'zh-CN': '请填写要修改的名称或状态。',
    en: 'Give a new name or a new status.',
  },
  'union.reason.length': {
    'zh-CN': '原因最多 200 字。',
    en: 'The reason may be at most 200 characters long.',
  },
  'union.platform.other': {
    'zh-CN': '这个工会覆盖的是另一个平台，只能接转该平台的会员。',
    en: 'This union covers another platform: only that platform’s members can move into it.',
  },
  'union.to': { 'zh-CN': '请选择要转入的工会。', en: 'Choose the union to move to.' },
  'leave.reason': {
    'zh-CN': '退会原因只能是 changed_work、moved_away、own_request、deceased 或 other。',
    en: 'The reason must be changed_work, moved_away, own_request, deceased or other.',
  },
  'items.count': {
    'zh-CN': '一次可处理 1–25 份申请。',
    en: 'Decide between 1 and 25 applications at a time.',
  },
  'applicationId.format': { 'zh-CN': '申请编号格式不对。', en: 'This is not an application number.' },
  'verificationCode.request': {
    'zh-CN': '请先点击“获取验证码”，再填写短信里的验证码。',
    en: 'Press “Send code” first, then enter the code from the text message.',
  },
  'verificationCode.format': { 'zh-CN': '验证码是 6 位数字。', en: 'The code is 6 digits.' },
  'verificationCode.wrong': {
    'zh-CN': '验证码不对，请核对短信里的 6 位数字。',
    en: 'That code is not right. Check the 6 digits in the text message.',
  },
  'verificationCode.expired': {
    'zh-CN': '验证码已过期（10 分钟内有效），请重新获取。',
    en: 'The code has expired (codes last 10 minutes). Please ask for a new one.',
  },
  'verificationCode.spent': {
    'zh-CN': '这个验证码已经用过了，请重新获取。',
    en: 'This code has already been used. Please ask for a new one.',
  },
  'verificationCode.exhausted': {
    'zh-CN': '验证码输错次数太多，请重新获取。',
    en: 'Too many wrong tries. Please ask for a new code.',
  },
  'verificationCode.phone': {
    'zh-CN': '验证码是发给另一个手机号的，请为现在填写的手机号重新获取。',
    en: 'The code was sent to a different number. Please ask for a code for this number.',
  },
  'phone.undeliverable': {
    'zh-CN': '短信无法发送到这个号码，请换一个常用的手机号。',
    en: 'Text messages cannot be delivered to this number. Please use another mobile number.',
  },
  'from.tooEarly': {
    'zh-CN': '开始日期不能早于三年前。',
    en: 'The period cannot start more than three years ago.',
  },
  'to.future': { 'zh-CN': '结束日期不能晚于今天。', en: 'The period cannot end after today.' },
  'staff.displayName': {
    'zh-CN': '姓名应为 1–60 个字。',
    en: 'The name must be 1–60 characters long.',
  },
  'staff.contact': {
    'zh-CN': '请填写大陆手机号（每日提醒以短信发送），或者留空。',
    en: 'Give a mainland mobile number (the daily reminder comes by SMS), or leave it empty.',
  },
  'staff.role': { 'zh-CN': '角色只能是审核员或管理员。', en: 'The role must be reviewer or admin.' },
  'staff.counties': {
    'zh-CN': '请选择至少一个县区（或全部县区）。',
    en: 'Choose at least one county (or all counties).',
  },
  'staff.subject': {
    'zh-CN': '请填写登录系统给出的用户标识（sub），不能含空格。',
    en: 'Give the user identifier (sub) from the sign-in provider, without spaces.',
  },
  'staff.issuer': {
    'zh-CN': '登录系统地址应以 https:// 开头。',
    en: 'The sign-in provider must be an https:// address.',
  },
  'staff.self': {
    'zh-CN': '不能停用自己或取消自己的管理员角色，请让另一位管理员操作。',
    en: 'You cannot deactivate yourself or drop your own administrator role; ask another administrator.',
  },
  'staff.already': {
    'zh-CN': '这个账号已经在工作人员名单上了。',
    en: 'This account is already on the staff list.',
  },
  'invitation.code': {
    'zh-CN': '邀请码无效或已过期，请向管理员索取新的邀请。',
    en: 'The invitation is not valid or has expired. Ask an administrator for a new one.',
  },
  'locale.unknown': { 'zh-CN': '语言只能是 zh-CN 或 en。', en: 'The locale must be zh-CN or en.' },
  // The proof of work the form does by itself before asking for a code (docs/architecture.md §8).
  'altcha.required': {
    'zh-CN': '缺少安全检查，请点“获取验证码”重试。',
    en: 'The security check is missing. Please press “Send code” again.',
  },
  'altcha.invalid': {
    'zh-CN': '安全检查没有通过，请再点一次“获取验证码”。',
    en: 'The security check did not pass. Please press “Send code” again.',
  },
  'altcha.expired': {
    'zh-CN': '安全检查已过期，请再点一次“获取验证码”。',
    en: 'The security check has expired. Please press “Send code” again.',
  },
  'altcha.used': {
    'zh-CN': '这次安全检查已经用过了，请再点一次“获取验证码”。',
    en: 'This security check has already been used. Please press “Send code” again.',
  },
};

const lookup = (table: Messages, code: string, locale: Locale): string =>
  table[code]?.[locale] ?? table[code]?.[DEFAULT_LOCALE] ?? code;

export const errorMessage = (code: string, locale: Locale): string => lookup(errorMessages, code, locale);
export const fieldMessage = (code: string, locale: Locale): string =>
  lookup(fieldMessages, code in fieldMessages ? code : 'invalid', locale);

/** The first supported language among the preferences (each may be an Accept-Language list); zh-CN otherwise. */
export const resolveLocale = (...preferences: Array<string | undefined | null>): Locale => {
  for (const preference of preferences) {
    for (const tag of (preference ?? '').split(',')) {
      const language = tag.split(';')[0]?.trim().toLowerCase() ?? '';
      if (language.startsWith('en')) return 'en';
      if (language.startsWith('zh')) return 'zh-CN';
    }
  }
  return DEFAULT_LOCALE;
};
