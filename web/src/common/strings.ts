/**
 * The interface text of the applicant pages (and the little every page shares: the language switch, the
 * network problems), in both languages. Pure data: the build injects the Chinese text into the HTML
 * (`data-i18n="key"`) so the first paint needs no script, and `i18n.ts` swaps it at runtime. The staff
 * pages' text is in staff/common/strings.ts, which the applicant pages never load. Messages about field problems and API errors live in shared/domain/messages.ts.
 * `{name}` placeholders are filled by `interpolate`.
 */
import { CONSENT_VERSION } from '../../../shared/domain/consent';

const zhCN = {
  'language.switch': 'English',
  'site.name': '昭通市总工会 · 新就业形态劳动者入会',
  'nav.apply': '申请入会',
  'nav.status': '查询进度',
  'nav.consent': '个人信息处理说明',

  'form.title': '申请加入工会 · 昭通市总工会',
  'form.heading': '申请加入工会',
  'form.intro':
    '货车司机、网约车司机、快递员、网约配送员都可以申请，大约需要 3 分钟。除标明“选填”的以外，每一项都要填写。',
  'trade.legend': '您的职业',
  'platforms.legend': '您在哪些平台接单？（可多选，最多 5 个）',
  'platforms.chooseTradeFirst': '请先选择上面的职业，这里会列出对应的平台。',
  'platformOther.label': '其他平台的名称',
  'fullName.label': '姓名',
  'fullName.hint': '与身份证上的姓名一致。',
  'phone.label': '手机号',
  'phone.hint': '我们会给这个号码发短信验证码；工会审核人员也可能打这个电话联系您。',
  'code.send': '获取验证码',
  'code.resend': '重新获取验证码',
  'code.preparing': '正在准备…',
  'code.sending': '正在发送…',
  'code.wait': '{seconds} 秒后可重新获取',
  'code.sent': '验证码已发送到 {phone}，{minutes} 分钟内有效。',
  'code.phoneChanged': '手机号改过了，请点“获取验证码”，为新号码获取验证码。',
  'verificationCode.label': '短信验证码',
  'verificationCode.hint': '点“获取验证码”后，把短信里的 6 位数字填在这里。',
  'idNumber.label': '身份证号',
  'idNumber.hint': '18 位，最后一位可能是 X。完整号码不会被保存。',
  'county.label': '所在县区',
  'county.choose': '请选择',
  'workplace.label': '工作地点或站点（选填）',
  'workplace.hint': '例如您常去的配送站、网点或停车场。',
  'consent.legend': '个人信息处理',
  'consent.purpose':
    '我们收集您的姓名、手机号、身份证号、职业、接单平台、所在县区和工作地点，只用于办理入会以及就入会事宜联系您。只有您所在县区或行业工会的审核人员和市总工会的管理员能看到这些信息。入会后，信息在您是会员期间保存；申请未通过的，180 天后删除。完整的身份证号不会被保存，只保存无法还原的加密校验值和部分遮盖的号码。',
  'consent.link': '阅读完整的个人信息处理说明',
  'consent.version': `说明版本：${CONSENT_VERSION}`,
  'consent.label': '我已阅读并同意按上述说明处理我的个人信息，包括身份证号等敏感个人信息。',
  'form.submit': '提交申请',
  'form.sending': '正在提交，请稍候…',
  'form.summary': '还有 {count} 处需要修改：',
  'form.offline':
    '网络连接失败，不确定申请是否已发出。您填写的内容都还在，请检查网络后再点一次“提交申请”，不会重复提交。',
  'form.retryAfter': '请等大约 {seconds} 秒后再点“提交申请”。',

  'confirm.heading': '申请已提交',
  'confirm.headingMember': '您已经是工会会员了',
  'confirm.repeatPending': '您之前已经提交过申请，这是您原来的申请编号。审核结果出来之前，不用再申请。',
  'confirm.repeatMember': '您之前的申请已经通过，不用再申请。会员编号可以在“查询进度”页面查看。',
  'confirm.numberLabel': '申请编号',
  'confirm.keepNumber': '请截屏或记下申请编号。这台手机也已保存，您可以随时回来查询进度。',
  'confirm.notSaved': '这台手机无法保存申请编号，请一定截屏或记下编号，并收藏下面的查询链接。',
  'confirm.nextHeading': '接下来',
  'confirm.next.review': '您所在县区的工会审核人员会审核您的申请。',
  'confirm.next.call': '审核人员可能会打您填写的手机号，向您核实情况，请留意来电。',
  'confirm.next.result': '审核结果可以在“查询进度”页面查看。',
  'confirm.statusLink': '查询申请进度',
  'confirm.linkPrivate': '查询链接里含有您的查询凭证，请不要发给别人。',

  'status.title': '查询申请进度 · 昭通市总工会',
  'status.heading': '查询申请进度',
  'status.savedHeading': '这台手机上保存的申请',
  'status.none': '这台手机上还没有保存的申请。您可以在下面输入申请编号和查询凭证。',
  'status.storageUnavailable': '这台手机的浏览器不允许保存申请记录，请在下面输入申请编号和查询凭证。',
  'status.numberLabel': '申请编号',
  'status.submittedAt': '提交时间',
  'status.decidedAt': '审核时间',
  'status.loading': '正在查询…',
  'status.state.reviewing': '审核中：县区工会正在审核您的申请。',
  'status.state.approved': '已通过：欢迎您加入工会！',
  'status.state.rejected': '未通过。如有疑问，可以联系您所在县区的工会，或拨打职工服务热线 12351。',
  'status.memberId': '会员编号',
  'status.reason': '原因',
  'status.forget': '从这台手机删除',
  'status.lookupHeading': '查询一份申请',
  'status.idLabel': '申请编号',
  'status.idHint': '例如 A261101-7K3M9QXZ，在提交成功的页面上。',
  'status.idFormat': '申请编号的格式不对，应类似 A261101-7K3M9QXZ。',
  'status.tokenLabel': '查询凭证',
  'status.tokenHint': '提交成功后给您的查询链接里含有查询凭证。',
  'status.lookupSubmit': '查询',
  'status.found': '已找到申请 {id}，结果见上方列表。',
  'status.applyLink': '还没有申请？现在申请入会',

  'consent.title': '个人信息处理说明 · 昭通市总工会',
  'consent.heading': '个人信息处理说明',

  'error.offline': '网络连接失败，请检查网络后重试。',
  'error.busy': '系统繁忙，请稍后再试。',
};

export type UiKey = keyof typeof zhCN;

const en: Record<UiKey, string> = {
  'language.switch': '中文',
  'site.name': 'Zhaotong Federation of Trade Unions · Joining for gig workers',
  'nav.apply': 'Apply',
  'nav.status': 'Check status',
  'nav.consent': 'Personal information notice',

  'form.title': 'Apply to join the union · Zhaotong Federation of Trade Unions',
  'form.heading': 'Apply to join the union',
  'form.intro':
    'Truck drivers, ride-hailing drivers, couriers and food-delivery riders can apply. It takes about 3 minutes. Every field is needed unless it says “optional”.',
  'trade.legend': 'Your work',
  'platforms.legend': 'Which platforms do you work for? (tick all that apply, up to 5)',
  'platforms.chooseTradeFirst': 'Choose your work above first; the matching platforms will be listed here.',
  'platformOther.label': 'Name of the other platform',
  'fullName.label': 'Full name',
  'fullName.hint': 'As on your ID card.',
  'phone.label': 'Mobile number',
  'phone.hint': 'We text a code to this number; a union reviewer may also call you on it.',
  'code.send': 'Send code',
  'code.resend': 'Send a new code',
  'code.preparing': 'Preparing…',
  'code.sending': 'Sending…',
  'code.wait': 'Resend in {seconds} s',
  'code.sent': 'Code sent to {phone}. It is valid for {minutes} minutes.',
  'code.phoneChanged': 'The number has changed: press “Send code” to get a code for the new number.',
  'verificationCode.label': 'Code from the text message',
  'verificationCode.hint': 'After you press “Send code”, enter the 6 digits from the text message here.',
  'idNumber.label': 'Resident ID number',
  'idNumber.hint': '18 characters; the last one may be X. The full number is never stored.',
  'county.label': 'County or district',
  'county.choose': 'Choose…',
  'workplace.label': 'Workplace or station (optional)',
  'workplace.hint': 'For example the rider station, depot or car park you usually work from.',
  'consent.legend': 'Your personal information',
  'consent.purpose':
    'We collect your name, mobile number, ID number, trade, platforms, county and workplace only to handle your union membership and to contact you about it. Only the union reviewers of your county or industry and the city federation’s administrators can see it. Once you are a member it is kept while you are a member; if the application is not approved it is deleted after 180 days. Your full ID number is never stored: only a keyed hash that cannot be reversed and a partly hidden form.',
  'consent.link': 'Read the full personal information notice',
  'consent.version': `Notice version: ${CONSENT_VERSION}`,
  'consent.label':
    'I have read this and agree to the processing of my personal information as described, including sensitive information such as my ID number.',
  'form.submit': 'Submit application',
  'form.sending': 'Sending, please wait…',
  'form.summary': '{count} thing(s) to fix:',
  'form.offline':
    'We could not reach the server, so we do not know whether your application got through. Your answers are kept: check your connection and tap “Submit application” again. It will not be sent twice.',
  'form.retryAfter': 'Please wait about {seconds} seconds, then tap “Submit application” again.',

  'confirm.heading': 'Application received',
  'confirm.headingMember': 'You are already a union member',
  'confirm.repeatPending':
    'You applied before: this is your original application number. There is no need to apply again while it is being reviewed.',
  'confirm.repeatMember':
    'Your earlier application was approved, so there is no need to apply again. Your member number is on the status page.',
  'confirm.numberLabel': 'Application number',
  'confirm.keepNumber':
    'Take a screenshot or write the number down. This phone remembers it too, so you can come back and check progress.',
  'confirm.notSaved':
    'This phone cannot remember the application. Please take a screenshot or write the number down, and bookmark the status link below.',
  'confirm.nextHeading': 'What happens next',
  'confirm.next.review': 'A union reviewer in your county checks your application.',
  'confirm.next.call': 'They may call the mobile number you gave to check details, so look out for the call.',
  'confirm.next.result': 'You can see the outcome on the status page.',
  'confirm.statusLink': 'Check your application status',
  'confirm.linkPrivate': 'The status link contains your private status token; do not share it.',

  'status.title': 'Check your application · Zhaotong Federation of Trade Unions',
  'status.heading': 'Check your application',
  'status.savedHeading': 'Applications saved on this phone',
  'status.none':
    'No applications are saved on this phone. You can enter an application number and status token below.',
  'status.storageUnavailable':
    'This browser does not let us save applications on the phone. Enter the application number and status token below.',
  'status.numberLabel': 'Application number',
  'status.submittedAt': 'Submitted',
  'status.decidedAt': 'Decided',
  'status.loading': 'Checking…',
  'status.state.reviewing': 'Being reviewed: your county’s union is checking your application.',
  'status.state.approved': 'Approved: welcome to the union!',
  'status.state.rejected':
    'Not approved. If you have questions, contact your county’s union or call the workers’ hotline 12351.',
  'status.memberId': 'Member number',
  'status.reason': 'Reason',
  'status.forget': 'Remove from this phone',
  'status.lookupHeading': 'Look up an application',
  'status.idLabel': 'Application number',
  'status.idHint': 'For example A261101-7K3M9QXZ; it was on the page after you applied.',
  'status.idFormat': 'That does not look like an application number; it should look like A261101-7K3M9QXZ.',
  'status.tokenLabel': 'Status token',
  'status.tokenHint': 'It is part of the status link you were given after applying.',
  'status.lookupSubmit': 'Check',
  'status.found': 'Found application {id}; see the list above.',
  'status.applyLink': 'Not applied yet? Apply to join now',

  'consent.title': 'Personal information notice · Zhaotong Federation of Trade Unions',
  'consent.heading': 'Personal information notice',

  'error.offline': 'We could not reach the server. Check your connection and try again.',
  'error.busy': 'The service is busy. Please try again shortly.',
};

export const UI_STRINGS: Record<'zh-CN' | 'en', Record<UiKey, string>> = { 'zh-CN': zhCN, en };

/** Fills `{name}` placeholders; unknown placeholders are left as they are. */
export const interpolate = (text: string, values: Record<string, string | number> = {}): string =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
