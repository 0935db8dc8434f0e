/**
 * The local provider's own pages: sign in with a local account name, sign out, and errors. Plain HTML
 * with no inline script or style (the gateway's CSP applies), in both of the console's languages.
 */

export const LOGIN_CSS_PATH = '/oidc/local.css';

export const LOGIN_CSS = `
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
main{max-width:24rem;margin:12vh auto;padding:1.5rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002}
h1{font-size:1.3rem;margin:0 0 .25rem}
p.note{color:#5b6270;font-size:.9rem;margin:.25rem 0 1rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input{box-sizing:border-box;width:100%;font-size:1rem;padding:.6rem;border:1px solid #9aa1ad;border-radius:6px}
button{margin-top:1rem;width:100%;font-size:1rem;padding:.7rem;border:0;border-radius:6px;background:#b3261e;color:#fff;cursor:pointer}
button.secondary{background:#e7e9ee;color:#1d2330}
p.error{color:#b3261e;font-weight:600}
pre{white-space:pre-wrap;word-break:break-word;font-size:.85rem}
`.trim();

export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const page = (title: string, body: string) => `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${LOGIN_CSS_PATH}">
</head>
<body><main>${body}</main></body>
</html>`;

/**
 * The account names the local provider accepts: what `npm run token -- --sub` accepts. Written so that
 * it is also a valid `pattern` attribute (which browsers compile with the `v` flag: `-` escaped).
 */
const LOCAL_ACCOUNT_PATTERN = '[A-Za-z0-9][A-Za-z0-9._@\\-]{0,63}';
export const LOCAL_ACCOUNT = new RegExp(`^${LOCAL_ACCOUNT_PATTERN}$`);

export const loginPage = (options: { action: string; account?: string; error?: boolean }) =>
  page(
    '本机登录 · Local sign-in',
    `<h1>本机登录 · Local sign-in</h1>
<p class="note">本机测试用的身份提供方：输入任意本地账号名即可登录，无需密码。能做什么由工会的工作人员名单决定。<br>
The local stack's OpenID provider: any local account name signs in, no password. What it may do is up to the staff roster.</p>
${options.error ? '<p class="error" role="alert">账号名只能包含字母、数字和 . _ @ - · Use letters, digits and . _ @ - only.</p>' : ''}
<form method="post" action="${escapeHtml(options.action)}" autocomplete="off">
<label for="account">账号 · Account</label>
<input id="account" name="account" required autofocus autocapitalize="off" spellcheck="false"
 pattern="${LOCAL_ACCOUNT_PATTERN}" value="${escapeHtml(options.account ?? '')}">
<button type="submit" id="sign-in">登录 · Sign in</button>
</form>`,
  );

/** The provider's sign-out confirmation; `form` is its own hidden form (the XSRF token). */
export const logoutPage = (form: string) =>
  page(
    '退出登录 · Sign out',
    `<h1>退出登录 · Sign out</h1>
<p class="note">退出本机身份提供方的登录。· Sign out of the local provider.</p>
${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout" id="sign-out" autofocus>退出 · Sign out</button>
<button type="submit" form="op.logoutForm" class="secondary">保持登录 · Stay signed in</button>`,
  );

export const loggedOutPage = () =>
  page(
    '已退出 · Signed out',
    `<h1>已退出 · Signed out</h1><p class="note"><a href="/review">返回审核台 · Back to the console</a></p>`,
  );

export const errorPage = (out: object) =>
  page(
    '登录出错 · Sign-in error',
    `<h1>登录出错 · Sign-in error</h1>
${Object.entries(out)
  .map(([key, value]) => `<pre><strong>${escapeHtml(key)}</strong>: ${escapeHtml(String(value))}</pre>`)
  .join('')}
<p class="note"><a href="/review">返回审核台 · Back to the console</a></p>`,
  );

/** Local accounts have no password: the login page answers only on the machine the stack runs on. */
export const onlyOnThisMachinePage = () =>
  page(
    '只能在本机登录 · Sign in on this machine only',
    `<h1>只能在本机登录 · Sign in on this machine only</h1>
<p>本地测试用的工作人员账号没有密码，所以只能在运行 <code>npm start</code> 的这台电脑上登录。</p>
<p>Local staff accounts have no password, so they sign in only on the computer that runs <code>npm start</code>.</p>`,
  );
