/**
 * The site's and the API's own domain names from CDK context, for deployers who run `cdk` rather than
 * write an app of their own (the stack props webDomain and apiDomain take precedence):
 *
 *   -c webDomain=join.example.cn -c webCertificateId=ASCA…        (IAM server certificate: China, or global)
 *   -c webDomain=join.example.org -c webCertificateArn=arn:…:acm:us-east-1:…  (ACM: global AWS only)
 *   -c apiDomain=api.join.example.cn -c apiCertificateArn=arn:…:acm:<the stack's Region>:…
 *
 * In the China Regions both are required: CloudFront there serves only on a domain with an ICP filing and
 * an IAM server certificate, and with a custom domain the API's own execute-api endpoint is disabled
 * (infra/stack.ts).
 */
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { Construct } from 'constructs';
import type { ApiDomain } from './constructs/http-api';
import type { WebDomain } from './constructs/web-hosting';
import type { DeploymentTarget, Requirement } from './target';

export const DOMAIN_CONTEXT = {
  webDomain: 'webDomain',
  webCertificateArn: 'webCertificateArn',
  webCertificateId: 'webCertificateId',
  apiDomain: 'apiDomain',
  apiCertificateArn: 'apiCertificateArn',
} as const;

const HOST_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
/** IAM server certificate IDs: `ASCA` and 17 or more upper-case letters and digits. */
const IAM_CERTIFICATE_ID = /^ASCA[A-Z0-9]{16,124}$/;

const read = (scope: Construct, key: string): string | undefined => {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
};

const hostName = (key: string, value: string): string => {
  const host = value.toLowerCase();
  if (!HOST_NAME.test(host))
    throw new Error(`-c ${key} must be a host name such as join.example.cn, got "${value}"`);
  return host;
};

const acmArn = (key: string, value: string, target: DeploymentTarget, region?: string): string => {
  const match = /^arn:(aws[a-z-]*):acm:([a-z0-9-]+):\d{12}:certificate\/[\w-]+$/.exec(value);
  const partition = target === 'china' ? 'aws-cn' : 'aws';
  if (!match || match[1] !== partition) {
    throw new Error(`-c ${key} must be an ACM certificate ARN (arn:${partition}:acm:…), got "${value}"`);
  }
  if (region && match[2] !== region) {
    throw new Error(`-c ${key} must be an ACM certificate in ${region}, got one in ${match[2]}`);
  }
  return value;
};

export interface Domains {
  readonly webDomain?: WebDomain;
  readonly apiDomain?: ApiDomain;
  /** China: what is not given of the two domains and their certificates (both are required there). */
  readonly missing: readonly Requirement[];
}

export const DOMAIN_REQUIREMENTS = {
  webDomain: {
    context: DOMAIN_CONTEXT.webDomain,
    what: "the site's domain, with an ICP filing (CloudFront in China cannot serve on *.cloudfront.cn)",
  },
  webCertificateId: {
    context: DOMAIN_CONTEXT.webCertificateId,
    what: 'the IAM server certificate ID (ASCA…) for webDomain (CloudFront in China takes no ACM certificates)',
  },
  apiDomain: {
    context: DOMAIN_CONTEXT.apiDomain,
    what: "the API's domain, e.g. api.<webDomain>, also under the ICP filing (CloudFront's /api origin)",
  },
  apiCertificateArn: {
    context: DOMAIN_CONTEXT.apiCertificateArn,
    what: "the ACM certificate (arn:aws-cn:acm:<Region>:…) for apiDomain, in the stack's Region",
  },
} as const satisfies Record<string, Requirement>;

/**
 * The domains given as context. On global AWS both are optional and half of one is an error naming the
 * other half; in China both are required and whatever is missing is listed in `missing`.
 */
export const domainsFromContext = (scope: Construct, target: DeploymentTarget, region?: string): Domains => {
  const K = DOMAIN_CONTEXT;
  const webName = read(scope, K.webDomain);
  const webArn = read(scope, K.webCertificateArn);
  const webId = read(scope, K.webCertificateId);
  const apiName = read(scope, K.apiDomain);
  const apiArn = read(scope, K.apiCertificateArn);

  let webDomain: WebDomain | undefined;
  if (webArn && webId)
    throw new Error(`-c ${K.webCertificateArn} and -c ${K.webCertificateId}: give one certificate`);
  if (!webName && (webArn || webId)) {
    throw new Error(
      `-c ${webArn ? K.webCertificateArn : K.webCertificateId} is for -c ${K.webDomain}: set it too`,
    );
  }
  if (webName && webId) {
    if (!IAM_CERTIFICATE_ID.test(webId)) {
      throw new Error(
        `-c ${K.webCertificateId} must be an IAM server certificate ID (ASCA…), got "${webId}"`,
      );
    }
    webDomain = { domainName: hostName(K.webDomain, webName), iamCertificateId: webId };
  } else if (webName && webArn) {
    if (target === 'china') {
      throw new Error(
        `-c ${K.webCertificateArn}: CloudFront in the China Regions does not take ACM certificates; upload the certificate to IAM and give -c ${K.webCertificateId}`,
      );
    }
    webDomain = {
      domainName: hostName(K.webDomain, webName),
      certificate: Certificate.fromCertificateArn(
        scope,
        'WebCertificate',
        acmArn(K.webCertificateArn, webArn, target, 'us-east-1'),
      ),
    };
  } else if (webName && target !== 'china') {
    throw new Error(
      `-c ${K.webDomain} needs its certificate: -c ${K.webCertificateArn} (ACM, us-east-1) or -c ${K.webCertificateId} (IAM)`,
    );
  }

  let apiDomain: ApiDomain | undefined;
  if (apiArn && !apiName) throw new Error(`-c ${K.apiCertificateArn} is for -c ${K.apiDomain}: set it too`);
  if (apiName && apiArn) {
    apiDomain = {
      domainName: hostName(K.apiDomain, apiName),
      certificate: Certificate.fromCertificateArn(
        scope,
        'ApiCertificate',
        acmArn(K.apiCertificateArn, apiArn, target, region),
      ),
    };
  } else if (apiName && target !== 'china') {
    throw new Error(
      `-c ${K.apiDomain} needs its certificate: -c ${K.apiCertificateArn} (ACM, in the stack's Region)`,
    );
  }
  const R = DOMAIN_REQUIREMENTS;
  const missing =
    target === 'china'
      ? [
          ...(webName ? [] : [R.webDomain]),
          ...(webId ? [] : [R.webCertificateId]),
          ...(apiName ? [] : [R.apiDomain]),
          ...(apiArn ? [] : [R.apiCertificateArn]),
        ]
      : [];
  return { ...(webDomain ? { webDomain } : {}), ...(apiDomain ? { apiDomain } : {}), missing };
};
