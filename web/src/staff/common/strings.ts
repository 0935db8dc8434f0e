/**
 * The text the staff pages share (`/review`, `/reports`, `/staff`, `/unions`): signing in, the links
 * between the pages, lists, filters, roles, counties and problems, in both languages. Each page adds its
 * own table (the strings.ts of its folder). Kept apart from web/src/common/strings.ts so that the
 * applicant pages, which phones load over slow connections, never download it. The build checks the
 * pages' Chinese text against the tables. `{name}` placeholders are filled by `interpolate`.
 */

const zhCN = {
  'review.signIn.heading': '登录',
  'review.signIn.button': '用工会账号登录',
  'review.signIn.unavailable': '这个网站还没有设置工会账号登录，暂时只能用下面的登录凭证登录。',
  'review.signIn.invitation': '您打开了一个邀请链接：登录后就会接受邀请。',
  'review.signIn.sharedComputer':
    '登录状态只保存在这个浏览器标签页里，关闭标签页就会退出。在公用电脑上用完请点“退出登录”。',
  'review.signIn.checking': '正在完成登录…',
  'review.signIn.failed': '登录没有完成，请再试一次。',
  'review.signIn.signedOut': '已退出登录。',
  'review.signIn.checkingStaff': '正在核对工作人员名单…',
  'review.signIn.redirecting': '正在前往工会账号登录页…',
  'review.signIn.checkFailed': '暂时无法核对您是否在工作人员名单上：{problem}',
  'review.signIn.retry': '再试一次',
  'review.token.details': '使用命令行生成的登录凭证（本机测试用）',
  'review.token.label': '登录凭证（JWT）',
  'review.token.hint': '在本机测试时，在项目目录运行下面的命令，把输出的一整行粘贴到这里：',
  'review.token.submit': '登录',
  'review.token.required': '请粘贴登录凭证。',
  'review.token.notJwt': '这不是登录凭证。请粘贴命令输出的一整行（用两个“.”连成的三段字符）。',
  'review.token.expired': '这个登录凭证已经过期，请重新生成一个。',
  'review.signedIn': '已登录：',
  'review.expiresAt': '有效至 {time}',
  'review.signOut': '退出登录',
  'review.nav.reports': '覆盖情况报告',
  'review.nav.staff': '工作人员名单',
  'review.nav.unions': '基层工会',
  'review.role.admin': '管理员（市总工会）',
  'review.role.reviewer': '审核员',
  'review.counties.all': '全部县区',
  'review.counties.none': '没有负责的县区',
  'review.queue.refresh': '刷新',
  'review.filter.county': '县区',
  'review.filter.myCounties': '我负责的全部县区',
  'review.filter.allCounties': '全部县区',
  'review.col.work': '职业和平台',
  'review.col.contact': '手机和身份证（已遮盖）',
  'review.col.member': '会员',
  'review.more': '加载更多',
  'review.list.loading': '正在加载…',
  'review.list.count': '共显示 {count} 条，已经是全部。',
  'review.list.countMore': '已显示 {count} 条，还有更多，请点“加载更多”。',
  'review.cancel': '取消',
  'review.detail.close': '关闭',
  'review.problem.unauthorized': '登录已过期或无效，请重新登录。',
  'review.problem.forbidden': '这个账号没有这项权限。审核需要审核员或管理员账号。',
  'review.problem.notFound': '找不到这份申请：它不存在，或不在您负责的县区。',
  'review.problem.alreadyDecided': '另一位审核员刚刚处理了这份申请。',
  'review.problem.idAlreadyMember':
    '持有这个身份证号的人已经是会员了（会员编号 {memberId}），这一份不能再批准。请核对身份证原件；如果不是本人申请，请驳回并写明理由。',
  'review.problem.busy': '系统繁忙，请稍后再试。',
  'review.problem.retryAfter': '大约 {seconds} 秒后可以再试。',
  'review.members.heading': '会员名单',
  'reports.nav.review': '去审核工作台',

  'notStaff.heading': '您还不在工作人员名单上',
  'notStaff.message':
    '您已用“{name}”登录，但这个账号还不在工作人员名单上，所以还不能审核申请或查看报告。请把下面的账号标识发给市总工会的管理员，请他们把您加入名单；如果管理员给了您邀请链接，请打开那个链接再登录。',
  'notStaff.subject': '账号标识',
  'notStaff.issuer': '登录系统',
  'notStaff.invitationInvalid':
    '这个邀请链接用不了：它不存在、已经用过或已过期。请向管理员索取新的邀请链接。',
  'notStaff.invitationAlready':
    '这个账号已经在工作人员名单上，但可能被停用了，所以邀请没有使用。请联系管理员恢复。',
  'notStaff.signOut': '退出登录',
  'notStaff.retry': '已加入名单？重新检查',
  'notStaff.firstAdmin':
    '如果这是新装的系统、还没有任何管理员：在项目目录运行下面的命令，把这个账号设为第一位管理员（部署在云上时，TABLE_NAME 换成堆栈输出的 TableName）。',
  'staffNotice.invitationNotUsed':
    '您已经在工作人员名单上，所以没有使用刚才的邀请链接，被邀请的人仍然可以用它。',
  'staff.form.problems': '请检查标出的项目后再提交。',
};

export type StaffKey = keyof typeof zhCN;

const en: Record<StaffKey, string> = {
  'review.signIn.heading': 'Sign in',
  'review.signIn.button': 'Sign in with the union account',
  'review.signIn.unavailable':
    'Signing in with the union account is not set up on this site yet; for now, sign in with a token below.',
  'review.signIn.invitation': 'You opened an invitation link: sign in to accept it.',
  'review.signIn.sharedComputer':
    'You stay signed in only in this browser tab; closing the tab signs you out. On a shared computer, press “Sign out” when you are done.',
  'review.signIn.checking': 'Finishing sign-in…',
  'review.signIn.failed': 'Sign-in did not complete. Please try again.',
  'review.signIn.signedOut': 'You are signed out.',
  'review.signIn.checkingStaff': 'Checking the staff list…',
  'review.signIn.redirecting': 'Going to the union account’s sign-in page…',
  'review.signIn.checkFailed': 'Could not check whether you are on the staff list just now: {problem}',
  'review.signIn.retry': 'Try again',
  'review.token.details': 'Use a token from the command line (for testing on this machine)',
  'review.token.label': 'Sign-in token (JWT)',
  'review.token.hint':
    'To test on this machine, run this command in the project folder and paste the whole line it prints:',
  'review.token.submit': 'Sign in',
  'review.token.required': 'Paste a sign-in token.',
  'review.token.notJwt':
    'That is not a sign-in token. Paste the whole line the command printed (three parts joined by two dots).',
  'review.token.expired': 'This token has expired. Make a new one.',
  'review.signedIn': 'Signed in: ',
  'review.expiresAt': 'valid until {time}',
  'review.signOut': 'Sign out',
  'review.nav.reports': 'Coverage reports',
  'review.nav.staff': 'Staff',
  'review.nav.unions': 'Unions',
  'review.role.admin': 'Administrator (city federation)',
  'review.role.reviewer': 'Reviewer',
  'review.counties.all': 'all counties',
  'review.counties.none': 'no counties',
  'review.queue.refresh': 'Refresh',
  'review.filter.county': 'County',
  'review.filter.myCounties': 'All my counties',
  'review.filter.allCounties': 'All counties',
  'review.col.work': 'Trade and platforms',
  'review.col.contact': 'Phone and ID (masked)',
  'review.col.member': 'Member',
  'review.more': 'Load more',
  'review.list.loading': 'Loading…',
  'review.list.count': 'Showing all {count}.',
  'review.list.countMore': 'Showing {count}; there are more: press “Load more”.',
  'review.cancel': 'Cancel',
  'review.detail.close': 'Close',
  'review.problem.unauthorized': 'Your sign-in has expired or is not valid. Please sign in again.',
  'review.problem.forbidden':
    'This account may not do this. Reviewing needs a reviewer or administrator account.',
  'review.problem.notFound': 'Application not found: it does not exist or is outside your counties.',
  'review.problem.alreadyDecided': 'Another reviewer decided this application just now.',
  'review.problem.idAlreadyMember':
    'Someone with this ID number is already a member (member number {memberId}), so this application cannot also be approved. Check the ID card in person; if it is not theirs, reject it with a reason.',
  'review.problem.busy': 'The service is busy. Please try again shortly.',
  'review.problem.retryAfter': 'Try again in about {seconds} seconds.',
  'review.members.heading': 'Members',
  'reports.nav.review': 'Go to the reviewer console',

  'notStaff.heading': 'You are not on the staff list yet',
  'notStaff.message':
    'You are signed in as “{name}”, but this account is not on the staff list yet, so you cannot review applications or see reports. Send the account identifier below to an administrator of the city federation and ask them to add you; if an administrator gave you an invitation link, open that link and sign in again.',
  'notStaff.subject': 'Account identifier',
  'notStaff.issuer': 'Sign-in provider',
  'notStaff.invitationInvalid':
    'This invitation link cannot be used: it does not exist, was used already, or has expired. Ask an administrator for a new one.',
  'notStaff.invitationAlready':
    'This account is already on the staff list but may have been deactivated, so the invitation was not used. Ask an administrator to reactivate it.',
  'notStaff.signOut': 'Sign out',
  'notStaff.retry': 'Added now? Check again',
  'notStaff.firstAdmin':
    'If this is a new installation with no administrator yet: run this command in the project folder to make this account the first administrator (on a deployed stack, TABLE_NAME is the stack’s TableName output).',
  'staffNotice.invitationNotUsed':
    'You are already on the staff list, so the invitation link you opened was not used; the person it is meant for can still use it.',
  'staff.form.problems': 'Check the marked fields, then send again.',
};

export const STAFF_STRINGS: Record<'zh-CN' | 'en', Record<StaffKey, string>> = { 'zh-CN': zhCN, en };
