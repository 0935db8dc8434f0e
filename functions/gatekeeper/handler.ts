import { ORIGIN_HEADER } from '../../shared/http/origin-header';
import { createGatekeeperHandler } from './gatekeeper';
import { jsonErrorLog } from './log';

/**
 * The expected value comes from the environment, which CloudFormation fills from the secret at deploy
 * (infra/constructs/origin-lock.ts says why not from Secrets Manager at cold start). Read once here; when
 * it is missing (the local stack, which has no edge and never calls this function) every request is denied.
 */
export const handler = createGatekeeperHandler({
  expected: process.env[ORIGIN_HEADER.secretEnv],
  logger: jsonErrorLog('gatekeeper'),
});
