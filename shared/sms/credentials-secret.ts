/** SMS provider credentials from Secrets Manager, read on first use and kept for the container's life. */
import {
  GetSecretValueCommand,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import { memoiseCredentials, parseSmsCredentials } from './credentials';
import { type SmsCredentialsSource, SmsFailed } from './sender';

const readSecret = async (client: SecretsManagerClient, secretId: string): Promise<string> => {
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    return SecretString ?? '';
  } catch (error) {
    // Access denied, no such secret, KMS refusals: a person must act. Outages and throttling pass.
    const retryable =
      !(error instanceof SecretsManagerServiceException) ||
      error.$fault === 'server' ||
      error.name === 'ThrottlingException';
    throw new SmsFailed(
      `cannot read the SMS credentials secret: ${(error as Error).message}`,
      retryable,
      'CredentialsUnavailable',
      {
        cause: error,
      },
    );
  }
};

export const credentialsFromSecret = (
  secretId: string,
  client: SecretsManagerClient = new SecretsManagerClient({}),
): SmsCredentialsSource =>
  memoiseCredentials(async () => {
    const json = await readSecret(client, secretId);
    try {
      return parseSmsCredentials(json);
    } catch (error) {
      throw new SmsFailed((error as Error).message, false, 'CredentialsInvalid', { cause: error });
    }
  });
