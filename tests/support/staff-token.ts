/**
 * A token for a running local stack's staff member, as `npm run token` makes it: the subject's roster
 * entry is written (the token proves who; the roster says what), then the token is signed.
 */
import { enrolLocally } from '../../local/enrol';
import { signLocalToken, type TokenRequest } from '../../local/local-issuer';

export const staffToken = async (dataDir: string, request: TokenRequest): Promise<string> => {
  const { issuer } = await enrolLocally(dataDir, request);
  return signLocalToken(dataDir, request, issuer);
};
