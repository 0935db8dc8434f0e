/**
 * CloudFront is the only way into the public routes on AWS: it adds this header, whose value is a secret
 * generated at deploy, to every /api/* origin request, and API Gateway's Lambda authorizer on every
 * public route (the `function` below) lets a request through only with the right value. Staff routes keep
 * the JWT authorizer. Locally there is no edge and no authorizer: the check is off.
 *
 * A module of its own, re-exported by shared/wiring.ts (which checks `function` names a declared function),
 * so the authorizer's bundle does not carry the whole wiring for one constant.
 */
export const ORIGIN_HEADER = {
  /** Lower case, as API Gateway hands headers to functions (payload format 2.0). */
  name: 'x-origin-verify',
  function: 'gatekeeper',
  /** The environment variable the function reads the expected value from (a deploy-time reference). */
  secretEnv: 'ORIGIN_SECRET',
} as const;
