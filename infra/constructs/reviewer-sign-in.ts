/**
 * Reviewer sign-in with Amazon Cognito (docs/architecture.md §9), global AWS only: a user pool for union staff,
 * the reviewer console's app client and the hosted sign-in domain. The JWT authorizer that accepts the
 * console's tokens, and the console's settings file, are made from `issuer` and the client by
 * staff-sign-in.ts, the same way as for any other OpenID Connect provider.
 *
 * The pool only proves who someone is: no groups, no attribute that says what they may do. Roles and
 * counties are the staff roster's, in the table, set by administrators on /staff (or `npm run staff`),
 * so a token can never carry more rights than the roster gives. The authorizer only authenticates
 * (signature, issuer, audience, expiry). The local stack's OpenID provider (local/oidc) stands in for
 * all of this on one machine and has no counterpart here.
 */
import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** The console client's scopes: `sub` and a display name (the roster decides roles and counties). */
const CONSOLE_SCOPES = [cognito.OAuthScope.OPENID, cognito.OAuthScope.PROFILE, cognito.OAuthScope.EMAIL];

export interface ReviewerSignInProps {
  /**
   * The reviewer console's URL (`https://<site>/review`): the only callback and sign-out URL the app
   * client accepts, and where the SignInUrl output returns to.
   */
  readonly consoleUrl: string;
  /**
   * The Cognito domain prefix of the hosted sign-in pages (`<prefix>.auth.<region>.amazoncognito.com`),
   * unique within the region across all AWS accounts: lowercase letters, digits and hyphens, at most 63
   * characters, without `aws`, `amazon` or `cognito`.
   * @default `<stack name, lowercased>-<account id>`
   */
  readonly domainPrefix?: string;
}

export class ReviewerSignIn extends Construct {
  readonly userPool: cognito.UserPool;
  readonly riskConfiguration: cognito.CfnUserPoolRiskConfigurationAttachment;
  readonly consoleClient: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  /** The hosted UI's sign-in page for the console (authorization code grant, back to `consoleUrl`). */
  readonly signInUrl: string;
  /** The hosted sign-in origin, which serves the authorization and token endpoints. */
  readonly hostedUiUrl: string;
  /**
   * The pool's tokens' issuer, `https://cognito-idp.<region>.<URL suffix>/<pool id>`: its discovery
   * document (`/.well-known/openid-configuration`) lists the hosted UI's endpoints and the keys.
   */
  readonly issuer: string;
  /** `https://cognito-idp.<region>.<URL suffix>`: where the console fetches discovery and keys. */
  readonly issuerOrigin: string;
  /** What the console asks for: the client's allowed scopes. */
  readonly scopes: string;

  constructor(scope: Construct, id: string, props: ReviewerSignInProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      // Administrators create every account (AdminCreateUser); nobody can sign themselves up.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: false, mutable: true },
        fullname: { required: false, mutable: true },
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      // Staff see personal data of thousands of workers: every account enrols an authenticator app at
      // first sign-in (the hosted pages walk them through it).
      mfa: cognito.Mfa.REQUIRED,
      // Authenticator apps only: no SMS (no SNS role, no phone numbers of staff, no toll fraud).
      mfaSecondFactor: { sms: false, otp: true, email: false },
      enableSmsRole: false,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      userInvitation: {
        emailSubject: '工会入会审核账号 / Your union onboarding reviewer account',
        emailBody:
          '管理员已为您创建审核账号。用户名：{username} 临时密码：{####}（3 天内有效，首次登录时设置新密码）。<br>An administrator created your reviewer account. Username: {username} Temporary password: {####} (valid for 3 days; you choose your own at first sign-in).',
      },
      featurePlan: cognito.FeaturePlan.PLUS,
      // Threat protection: compromised-credential checks and adaptive, risk-based responses to sign-ins.
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // What threat protection does (it applies to every client of the pool): a password found in a
    // breach must be reset; a risky sign-in is challenged with MFA, and a high-risk one is refused to an
    // account without MFA. No risk emails: they need an SES identity this template does not own.
    this.riskConfiguration = new cognito.CfnUserPoolRiskConfigurationAttachment(this, 'RiskConfiguration', {
      userPoolId: this.userPool.userPoolId,
      clientId: 'ALL',
      compromisedCredentialsRiskConfiguration: {
        eventFilter: ['SIGN_IN', 'PASSWORD_CHANGE'],
        actions: { eventAction: 'BLOCK' },
      },
      accountTakeoverRiskConfiguration: {
        actions: {
          lowAction: { eventAction: 'NO_ACTION', notify: false },
          mediumAction: { eventAction: 'MFA_IF_CONFIGURED', notify: false },
          highAction: { eventAction: 'MFA_REQUIRED', notify: false },
        },
      },
    });

    const readAttributes = new cognito.ClientAttributes().withStandardAttributes({
      email: true,
      emailVerified: true,
      fullname: true,
    });
    const writeAttributes = new cognito.ClientAttributes().withStandardAttributes({ fullname: true });

    this.consoleClient = this.userPool.addClient('ConsoleClient', {
      userPoolClientName: 'reviewer-console-spa',
      // A browser application: it cannot keep a secret, so it proves the code exchange with PKCE.
      generateSecret: false,
      // Sign-in happens on the hosted pages only; the client itself may only refresh its tokens.
      authFlows: {
        userPassword: false,
        userSrp: false,
        custom: false,
        adminUserPassword: false,
        user: false,
      },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: CONSOLE_SCOPES,
        callbackUrls: [props.consoleUrl],
        logoutUrls: [props.consoleUrl],
        defaultRedirectUri: props.consoleUrl,
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
      readAttributes,
      writeAttributes,
    });

    const domainPrefix = props.domainPrefix ?? defaultDomainPrefix(this);
    checkDomainPrefix(this, domainPrefix);
    this.domain = this.userPool.addDomain('SignInDomain', { cognitoDomain: { domainPrefix } });
    this.signInUrl = this.domain.signInUrl(this.consoleClient, { redirectUri: props.consoleUrl });
    this.hostedUiUrl = this.domain.baseUrl();
    // Partition-aware, unlike HttpUserPoolAuthorizer's (which writes amazonaws.com).
    const stack = Stack.of(this);
    this.issuerOrigin = `https://cognito-idp.${stack.region}.${stack.urlSuffix}`;
    this.issuer = `${this.issuerOrigin}/${this.userPool.userPoolId}`;
    this.scopes = CONSOLE_SCOPES.map((scope) => scope.scopeName).join(' ');
  }
}

/** `<stack name>-<account id>`: unique per account; a second stack in the same account gets its own name. */
const defaultDomainPrefix = (scope: Construct): string => {
  const stack = Stack.of(scope);
  if (Token.isUnresolved(stack.stackName)) {
    throw new Error('the stack name is not known at synth time: pass domainPrefix to ReviewerSignIn');
  }
  return `${stack.stackName.toLowerCase()}-${stack.account}`;
};

/** Cognito's rules for a prefix domain, checked on the literal parts (an account id token is 12 digits). */
const checkDomainPrefix = (scope: Construct, prefix: string): void => {
  const stack = Stack.of(scope);
  const accountLength = 12;
  const literal = Token.isUnresolved(prefix)
    ? prefix.replace(stack.account, '0'.repeat(accountLength))
    : prefix;
  if (Token.isUnresolved(literal)) return;
  const problems = [
    ...(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(literal)
      ? []
      : ['only lowercase letters, digits and inner hyphens']),
    ...(literal.length <= 63 ? [] : [`at most 63 characters (got ${literal.length})`]),
    ...(/aws|amazon|cognito/.test(literal) ? ["no 'aws', 'amazon' or 'cognito'"] : []),
  ];
  if (problems.length > 0) {
    throw new Error(
      `Cognito domain prefix "${prefix}": ${problems.join('; ')}; pass another domainPrefix (the stack prop signInDomainPrefix)`,
    );
  }
};
