/**
 * The web pages (README, "The pages") on the same origin as the API: a private S3 bucket behind CloudFront
 * (origin access control), clean URLs rewritten at the edge from shared/web/pages.ts, `/api/*` passed to
 * the HTTP API uncached, the security headers from the same declaration on every response, and the
 * pages built by web/build.ts at synth time and deployed with their Cache-Control. The static documents
 * of shared/web/static-documents.ts (the catalogue, the API description) are built and deployed with
 * them, with their own Content-Type and Cache-Control; those under /api/ have behaviours of their own to
 * the bucket, listed before `/api/*`.
 *
 * Both buckets are retained when the stack is deleted: the access logs are a record to keep for their
 * lifecycle, and the site bucket holds only build output that the next deploy rewrites. Emptying buckets
 * on deletion would need the auto-delete custom resource, one more Lambda allowed to delete objects.
 *
 * CloudFront in the China Regions (`edge: 'china'`) serves the same pages and headers with what it has
 * there (infra/china/availability.ts): only on a custom domain with an ICP filing and an IAM server
 * certificate (no *.cloudfront.cn, no ACM); an origin access identity instead of origin access control;
 * clean URLs as S3 objects of their own (`status`, text/html; copied from the built pages into an asset of
 * their own, as the page `/api` cannot be a file where the folder `api/` of the documents is) instead of
 * a CloudFront Function; the
 * stack's own cache and origin request policies for /api instead of AWS's managed ones; HTTP/2 over IPv4;
 * no WAF.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  AssetHashType,
  type CfnElement,
  DockerImage,
  Duration,
  RemovalPolicy,
  Stack,
  Stage,
  Token,
  Validations,
} from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { ASSET_PREFIX, CACHE_CONTROL, PAGES, securityHeaders } from '../../shared/web/pages';
import {
  API_DOCUMENTS,
  STATIC_DOCUMENTS,
  type StaticDocument,
  staticDocumentKey,
} from '../../shared/web/static-documents';
import { buildWeb } from '../../web/build';
import { WEB_ROOT } from '../paths';
import { cleanUrlFunctionCode, responseHeadersFrom } from './web-edge';

/** The behaviour that sends requests to the HTTP API; every route in wiring lives under it. */
export const API_PATH_PATTERN = '/api/*';

/** `assets/*`: the `aws s3 sync` filter for the content-hashed assets. */
const ASSET_FILTER = `${ASSET_PREFIX.replace(/^\/+/, '')}*`;

/**
 * The site's own host name, e.g. `join.example.org` (DNS is the deployer's: a CNAME/alias to the
 * distribution), with its certificate: in ACM (us-east-1, global AWS only) or in IAM (a server certificate
 * uploaded with `aws iam upload-server-certificate --path /cloudfront/…`: the only kind CloudFront takes
 * in the China Regions).
 */
export type WebDomain =
  | { readonly domainName: string; readonly certificate: ICertificate }
  | { readonly domainName: string; readonly iamCertificateId: string };

/** Which CloudFront: global, or CloudFront in the China Regions with what it offers there. */
export type EdgeKind = 'global' | 'china';

/** The minimum TLS of viewer connections on a custom domain. */
const VIEWER_TLS = cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021;

/** `/status` → the S3 key `status`: where a clean URL's page is copied when no edge function rewrites it. */
export const cleanUrlKey = (url: string): string => url.replace(/^\/+/, '');

export interface WebHostingProps {
  /** The HTTP API's host name (`{apiId}.execute-api.{region}.{urlSuffix}`, or the API's custom domain). */
  readonly apiDomainName: string;
  /**
   * Headers CloudFront adds to every request it sends the API (the secret origin header of
   * origin-lock.ts, as a CloudFormation dynamic reference, never the value itself).
   */
  readonly apiOriginHeaders?: Readonly<Record<string, string>>;
  /** A custom domain and certificate; without it the site is served on the `*.cloudfront.net` name. */
  readonly domain?: WebDomain;
  /** The ARN of an AWS WAF web ACL (scope CLOUDFRONT, in us-east-1) to attach to the distribution. */
  readonly webAclId?: string;
  /** @default PRICE_CLASS_200 (edge locations in Asia, including Hong Kong, without the most expensive regions) */
  readonly priceClass?: cloudfront.PriceClass;
  /** How long CloudFront and S3 access logs are kept. @default 90 days */
  readonly accessLogRetention?: Duration;
  /** Origins beyond 'self' the pages may fetch from (the reviewer console's token endpoint). */
  readonly connectSources?: readonly string[];
  /** JSON files deployed beside the pages, e.g. the reviewer console's sign-in settings. */
  readonly jsonFiles?: Readonly<Record<string, unknown>>;
  /** @default 'global' */
  readonly edge?: EdgeKind;
}

export class WebHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly edge: EdgeKind;
  /** The viewer-request function that rewrites clean URLs; none in China (objects of their own instead). */
  readonly cleanUrls?: cloudfront.Function;
  readonly responseHeaders: cloudfront.ResponseHeadersPolicy;
  readonly site: s3assets.Asset;
  /** The clean-URL copies of the built pages, each at its key (China). */
  readonly cleanUrlPages?: s3assets.Asset;
  readonly assetsDeployment: s3deploy.BucketDeployment;
  readonly pagesDeployment: s3deploy.BucketDeployment;
  /** The clean-URL copies of the pages (China). */
  readonly cleanUrlDeployment?: s3deploy.BucketDeployment;
  /** The static documents, one deployment per Content-Type and Cache-Control they have. */
  readonly documentDeployments: s3deploy.BucketDeployment[];
  /** `https://` + the custom domain, or the distribution's own domain. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    this.edge = props.edge ?? 'global';
    const china = this.edge === 'china';
    if (china) assertChinaEdge(props);
    const accessLogRetention = props.accessLogRetention ?? Duration.days(90);

    // CloudFront's standard logs are delivered with object ACLs, so this bucket keeps ACLs enabled;
    // S3 server access logs use the bucket policy (cdk.json's serverAccessLogsUseBucketPolicy).
    this.logBucket = new s3.Bucket(this, 'LogBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [
        { expiration: accessLogRetention, abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new s3.Bucket(this, 'SiteBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: s3.BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/site/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // China: no CloudFront Functions there; the clean URLs are objects of their own (deploySite).
    if (!china) {
      this.cleanUrls = new cloudfront.Function(this, 'CleanUrls', {
        comment: 'Rewrites the clean page URLs of shared/web/pages.ts to their HTML files',
        runtime: cloudfront.FunctionRuntime.JS_2_0,
        code: cloudfront.FunctionCode.fromInline(cleanUrlFunctionCode(PAGES)),
      });
    }

    const headers = responseHeadersFrom(securityHeaders(props.connectSources ?? []));
    this.responseHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'The security headers of shared/web/pages.ts, on pages and API responses alike',
      securityHeadersBehavior: headers.securityHeadersBehavior,
      ...(headers.customHeaders.length > 0
        ? { customHeadersBehavior: { customHeaders: headers.customHeaders } }
        : {}),
    });

    // Honours each object's Cache-Control (set per file kind at deployment): pages revalidate, hashed
    // assets are kept for a year, the static documents a few minutes. Nothing from the viewer is in the
    // cache key.
    const pagesCachePolicy = new cloudfront.CachePolicy(this, 'ObjectCacheControl', {
      comment: 'Caches site objects as their Cache-Control says; compressed variants cached separately',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.days(1),
      maxTtl: Duration.days(365),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    // Read only: a path that is no file gets S3's 403, never a listing. China has no origin access
    // control: an origin access identity may read the bucket instead (GetObject only).
    const siteOrigin = china
      ? origins.S3BucketOrigin.withOriginAccessIdentity(this.bucket)
      : origins.S3BucketOrigin.withOriginAccessControl(this.bucket, {
          originAccessLevels: [cloudfront.AccessLevel.READ],
        });
    const api = this.apiPolicies(china);
    const acmDomain = props.domain && 'certificate' in props.domain ? props.domain : undefined;
    const fromSite = {
      origin: siteOrigin,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      compress: true,
      cachePolicy: pagesCachePolicy,
      responseHeadersPolicy: this.responseHeaders,
    } satisfies cloudfront.BehaviorOptions;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Gig-worker union onboarding: web pages and /api',
      defaultRootObject: PAGES['/'],
      defaultBehavior: {
        ...fromSite,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        ...(this.cleanUrls
          ? {
              functionAssociations: [
                { function: this.cleanUrls, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
              ],
            }
          : {}),
      },
      additionalBehaviors: {
        // Before /api/*, which their paths match too: CloudFront compares a request's path with the
        // behaviours' patterns in the order they are listed (the default one last) and takes the first
        // that matches; the CDK lists them in the order of these keys. HTTPS only, as the rest of /api.
        ...Object.fromEntries(
          API_DOCUMENTS.map((document) => [
            document.path,
            { ...fromSite, viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY },
          ]),
        ),
        [API_PATH_PATTERN]: {
          origin: new origins.HttpOrigin(props.apiDomainName, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
            ...(props.apiOriginHeaders ? { customHeaders: { ...props.apiOriginHeaders } } : {}),
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          // With caching disabled the origin request policy may forward Authorization (reviewer JWTs).
          cachePolicy: api.cachePolicy,
          originRequestPolicy: api.originRequestPolicy,
          responseHeadersPolicy: this.responseHeaders,
          compress: false,
        },
      },
      // China: HTTP/2 over IPv4, as AWS's China sample sets it (HTTP/3 and IPv6 there not confirmed), and
      // no price class (its edge locations are mainland China's four).
      ...(china
        ? { httpVersion: cloudfront.HttpVersion.HTTP2, enableIpv6: false }
        : {
            httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
            priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_200,
          }),
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      logIncludesCookies: false,
      ...(props.domain ? { domainNames: [props.domain.domainName] } : {}),
      ...(acmDomain
        ? {
            certificate: acmDomain.certificate,
            minimumProtocolVersion: VIEWER_TLS,
            sslSupportMethod: cloudfront.SSLMethod.SNI,
          }
        : {}),
      ...(props.webAclId ? { webAclId: props.webAclId } : {}),
    });
    if (props.domain && 'iamCertificateId' in props.domain) {
      // The L2 takes ACM certificates only; an IAM server certificate goes in the L1's configuration
      // (there, not as an override, so that cdk-nag's CFR4 sees the TLS policy too).
      const cfn = this.distribution.node.defaultChild as cloudfront.CfnDistribution;
      const config = cfn.distributionConfig;
      if (Token.isUnresolved(config)) throw new Error('the distribution configuration is not an object');
      cfn.distributionConfig = {
        ...(config as cloudfront.CfnDistribution.DistributionConfigProperty),
        viewerCertificate: {
          iamCertificateId: props.domain.iamCertificateId,
          minimumProtocolVersion: VIEWER_TLS,
          sslSupportMethod: cloudfront.SSLMethod.SNI,
        },
      };
    }
    this.url = `https://${props.domain?.domainName ?? this.distribution.distributionDomainName}`;
    this.acknowledgeDistributionFindings(props);

    this.site = new s3assets.Asset(this, 'Site', {
      path: WEB_ROOT,
      assetHashType: AssetHashType.OUTPUT,
      bundling: { image: UNUSED_IMAGE, local: { tryBundle: buildSite } },
    });
    if (china) {
      // Bundled after the site (constructs bundle as they are made), from the pages it built.
      const stage = Stage.of(this);
      if (!stage) throw new Error('the web hosting is not in a CDK app');
      const builtSite = resolve(stage.outdir, this.site.assetPath);
      this.cleanUrlPages = new s3assets.Asset(this, 'CleanUrlPages', {
        // The page sources: what tells this asset from the site's; its hash is its output's.
        path: join(WEB_ROOT, 'pages'),
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          image: UNUSED_IMAGE,
          local: { tryBundle: (outputDir) => copyCleanUrlPages(builtSite, outputDir) },
        },
      });
    }
    ({
      assets: this.assetsDeployment,
      pages: this.pagesDeployment,
      cleanUrls: this.cleanUrlDeployment,
      documents: this.documentDeployments,
    } = this.deploySite(props.jsonFiles ?? {}, this.cleanUrlPages));
  }

  /**
   * /api is never cached and gets every viewer header but Host (Authorization included). Global AWS: the
   * managed CachingDisabled and AllViewerExceptHostHeader policies. China, where those are not confirmed:
   * the stack's own with the same settings.
   */
  private apiPolicies(china: boolean): {
    cachePolicy: cloudfront.ICachePolicy;
    originRequestPolicy: cloudfront.IOriginRequestPolicy;
  } {
    if (!china) {
      return {
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      };
    }
    return {
      cachePolicy: new cloudfront.CachePolicy(this, 'ApiNoCache', {
        comment: 'The API: never cached (the settings of the managed CachingDisabled policy)',
        minTtl: Duration.seconds(0),
        defaultTtl: Duration.seconds(0),
        maxTtl: Duration.seconds(0),
        headerBehavior: cloudfront.CacheHeaderBehavior.none(),
        cookieBehavior: cloudfront.CacheCookieBehavior.none(),
        queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
        enableAcceptEncodingGzip: false,
        enableAcceptEncodingBrotli: false,
      }),
      originRequestPolicy: new cloudfront.OriginRequestPolicy(this, 'ApiViewerRequest', {
        comment:
          'The API: every viewer header but Host, cookies and query strings (as AllViewerExceptHostHeader)',
        headerBehavior: cloudfront.OriginRequestHeaderBehavior.denyList('Host'),
        cookieBehavior: cloudfront.OriginRequestCookieBehavior.all(),
        queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      }),
    };
  }

  /**
   * Syncs of the one built asset: content-hashed assets first, never pruned (a page still open in a
   * browser keeps finding the assets it references), then the static documents with their headers, then
   * the pages, pruned, with the edge caches of the page and document URLs invalidated. The shared handler
   * runs with a role that can do exactly that.
   */
  private deploySite(
    jsonFiles: Readonly<Record<string, unknown>>,
    cleanUrlPages: s3assets.Asset | undefined,
  ): {
    assets: s3deploy.BucketDeployment;
    pages: s3deploy.BucketDeployment;
    cleanUrls?: s3deploy.BucketDeployment;
    documents: s3deploy.BucketDeployment[];
  } {
    const stack = Stack.of(this);
    const handlerLogs = new logs.LogGroup(this, 'DeploymentLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
    });
    const role = new iam.Role(this, 'DeploymentRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description:
        'Runs the web pages deployment: reads the built site asset, syncs it to the site bucket, invalidates the page URLs',
    });
    handlerLogs.grantWrite(role);
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadBuiltSite',
        actions: ['s3:GetObject'],
        resources: [this.site, ...(cleanUrlPages ? [cleanUrlPages] : [])].map((asset) =>
          asset.bucket.arnForObjects(asset.s3ObjectKey),
        ),
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ListSite',
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'SyncSite',
        actions: ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'InvalidatePages',
        actions: ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'],
        resources: [this.distribution.distributionArn],
      }),
    );
    const bucketLogicalId = stack.getLogicalId(this.bucket.node.defaultChild as CfnElement);
    Validations.of(role.node.findChild('DefaultPolicy')).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/*]`,
      reason:
        'The deployment syncs the whole built site into the site bucket and prunes pages a build no longer has, so it writes and deletes any object key in that one bucket; it can touch no other bucket.',
    });

    // BucketDeployment would grant itself s3:*Object* wildcards and cloudfront:CreateInvalidation on "*";
    // it gets the role above as is instead.
    const common = {
      sources: [s3deploy.Source.bucket(this.site.bucket, this.site.s3ObjectKey)],
      destinationBucket: this.bucket,
      role: role.withoutPolicyUpdates(),
      logGroup: handlerLogs,
    } satisfies Partial<s3deploy.BucketDeploymentProps>;
    const assets = new s3deploy.BucketDeployment(this, 'DeployAssets', {
      ...common,
      exclude: ['*'],
      include: [ASSET_FILTER],
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString(CACHE_CONTROL.asset)],
    });
    const pageUrls = Object.entries(PAGES).flatMap(([url, file]) => [url, `/${file}`]);
    // China: each clean URL's page is also an object under the clean key, with an HTML Content-Type
    // (S3 would guess none for a key without an extension), deployed before the pages and never pruned
    // by them, so there is no moment without it.
    const cleanKeys = cleanUrlPages ? cleanUrlKeys() : [];
    const cleanUrls = cleanUrlPages
      ? new s3deploy.BucketDeployment(this, 'DeployCleanUrls', {
          ...common,
          sources: [s3deploy.Source.bucket(cleanUrlPages.bucket, cleanUrlPages.s3ObjectKey)],
          exclude: ['*'],
          include: cleanKeys,
          prune: false,
          contentType: 'text/html; charset=utf-8',
          cacheControl: [s3deploy.CacheControl.fromString(CACHE_CONTROL.page)],
        })
      : undefined;
    // The static documents likewise: their Content-Type set (none is guessed for `api/catalog`), each
    // with its Cache-Control, before the pages (the /api page reads the API description) and never
    // pruned by them.
    const documents = documentGroups().map((group, index) => {
      const [{ contentType, cacheControl }] = group;
      return new s3deploy.BucketDeployment(this, `DeployDocuments${index > 0 ? index + 1 : ''}`, {
        ...common,
        exclude: ['*'],
        include: group.map(staticDocumentKey),
        prune: false,
        contentType,
        cacheControl: [s3deploy.CacheControl.fromString(cacheControl)],
      });
    });
    // JSON files go with the pages (pruned together), so the pruning sync never deletes them.
    const pages = new s3deploy.BucketDeployment(this, 'DeployPages', {
      ...common,
      sources: [
        ...common.sources,
        ...Object.entries(jsonFiles).map(([name, content]) => s3deploy.Source.jsonData(name, content)),
      ],
      exclude: [ASSET_FILTER, ...cleanKeys, ...STATIC_DOCUMENTS.map(staticDocumentKey)],
      prune: true,
      cacheControl: [s3deploy.CacheControl.fromString(CACHE_CONTROL.page)],
      distribution: this.distribution,
      distributionPaths: [...new Set([...pageUrls, ...STATIC_DOCUMENTS.map((document) => document.path)])],
    });
    // One after another: the assets, the clean URLs, the documents, then the pages.
    const order = [assets, ...(cleanUrls ? [cleanUrls] : []), ...documents, pages];
    for (const [index, deployment] of order.entries()) {
      const before = order[index - 1];
      if (before) deployment.node.addDependency(before);
    }

    const handler = stack.node
      .findAll()
      .find(
        (construct): construct is lambda.Function =>
          construct instanceof lambda.Function && construct.role === common.role,
      );
    if (!handler) throw new Error('the BucketDeployment handler function was not found');
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-L1',
      reason: `The runtime (${handler.runtime.name}) of aws-cdk-lib's BucketDeployment handler is chosen by aws-cdk-lib, which ships and tests the handler and its AWS CLI layer together on it; it is not configurable, and the function is invoked only by CloudFormation during deployments.`,
    });
    return { assets, pages, documents, ...(cleanUrls ? { cleanUrls } : {}) };
  }

  private acknowledgeDistributionFindings(props: WebHostingProps): void {
    const distribution = Validations.of(this.distribution);
    distribution.acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: applicants are gig workers who may apply from anywhere, often on roaming mobile networks, and no country is excluded by design; abuse is bounded by API throttling and validation rather than by location.',
    });
    if (!props.webAclId) {
      distribution.acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'AWS WAF is optional here (-c waf=true in us-east-1, or webAclId for a web ACL made elsewhere): a CLOUDFRONT web ACL must live in us-east-1, is not offered in the China Regions, and costs a monthly fee. Without it every API route has its own API Gateway throttle, the public routes accept only requests that came through CloudFront, and every input is validated.',
      });
    }
    if (this.edge === 'china') {
      distribution.acknowledge({
        id: 'AwsSolutions-CFR7',
        reason:
          'CloudFront origin access control is not offered in the China Regions (AWS::CloudFront::OriginAccessControl is not in their CloudFormation registry: infra/china/availability.ts), so an origin access identity, allowed s3:GetObject on the site bucket alone, is the private way to an S3 origin there.',
      });
    }
    if (!props.domain) {
      distribution.acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain the distribution uses the default *.cloudfront.net certificate, for which CloudFront fixes the security policy (TLSv1 minimum) and no other can be set. Deployers add a domain and ACM certificate (the domain prop), which sets TLSv1.2_2021.',
      });
    }
  }
}

/** Never used: local bundling always succeeds or throws. */
const UNUSED_IMAGE = DockerImage.fromRegistry('unused');

/** The S3 keys of the clean URLs other than `/` (the default root object serves that one). */
const cleanUrlKeys = (): string[] =>
  Object.keys(PAGES)
    .filter((url) => url !== '/')
    .map(cleanUrlKey);

/** The static documents by the Content-Type and Cache-Control they are deployed with, in declared order. */
const documentGroups = (): [StaticDocument, ...StaticDocument[]][] => {
  const groups = new Map<string, [StaticDocument, ...StaticDocument[]]>();
  for (const document of STATIC_DOCUMENTS) {
    const headers = `${document.contentType}\n${document.cacheControl}`;
    const group = groups.get(headers);
    if (group) group.push(document);
    else groups.set(headers, [document]);
  }
  return [...groups.values()];
};

/**
 * Builds the site into `outputDir` (the asset) and checks that every declared page and static document
 * is there.
 */
const buildSite = (outputDir: string): boolean => {
  buildWeb(outputDir);
  const missing = [
    ...Object.values(PAGES).map((file) => ({ file, declared: 'shared/web/pages.ts' })),
    ...STATIC_DOCUMENTS.map((document) => ({
      file: staticDocumentKey(document),
      declared: 'shared/web/static-documents.ts',
    })),
  ].filter(({ file }) => !existsSync(join(outputDir, file)));
  if (missing.length > 0) {
    throw new Error(
      `web/build.ts did not produce ${missing.map(({ file, declared }) => `${file} (${declared})`).join(', ')}`,
    );
  }
  return true;
};

/** Copies each built page (`status.html`) to its clean URL's key (`status`) in `outputDir`. */
const copyCleanUrlPages = (builtSite: string, outputDir: string): boolean => {
  for (const [url, file] of Object.entries(PAGES)) {
    if (url === '/') continue;
    const key = cleanUrlKey(url);
    const taken = [...Object.values<string>(PAGES), ...STATIC_DOCUMENTS.map(staticDocumentKey)];
    if (!/^[A-Za-z0-9._-]+$/.test(key) || taken.includes(key)) {
      throw new Error(`the clean URL ${url} cannot be copied to the key "${key}"`);
    }
    copyFileSync(join(builtSite, file), join(outputDir, key));
  }
  return true;
};

/** What CloudFront in the China Regions cannot do without (availability.ts): refused at synth. */
const assertChinaEdge = (props: WebHostingProps): void => {
  if (!props.domain || !('iamCertificateId' in props.domain)) {
    throw new Error(
      props.domain
        ? 'CloudFront in the China Regions does not take ACM certificates: give the site an IAM server certificate (webCertificateId) for its domain'
        : 'CloudFront in the China Regions cannot serve on its own *.cloudfront.cn name: give the site a domain with an ICP filing and an IAM server certificate (webDomain, webCertificateId)',
    );
  }
  if (props.webAclId) {
    throw new Error(
      'AWS WAF is regional only in the China Regions: a CloudFront distribution there cannot have a web ACL',
    );
  }
};
