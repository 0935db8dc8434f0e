/**
 * The HMAC key for ID-number and phone hashes: from Secrets Manager on AWS, from a key file under
 * DATA_DIR locally. Loaded on first use and kept for the life of the execution environment.
 */
import { readFile } from 'node:fs/promises';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ENV } from '../runtime-wiring';
import { memoiseAsync } from './memoise';

export type HashKeySource = () => Promise<Uint8Array>;

const memoise = (load: () => Promise<Uint8Array>): HashKeySource => memoiseAsync(load);

export const hashKeyFromSecret = (client: SecretsManagerClient, secretId: string): HashKeySource =>
  memoise(async () => {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (!SecretString) throw new Error('the hashing key secret is empty');
    return new TextEncoder().encode(SecretString.trim());
  });

export const hashKeyFromFile = (path: string): HashKeySource =>
  memoise(async () => new TextEncoder().encode((await readFile(path, 'utf8')).trim()));

/** The key source this environment is configured for; fails fast when neither is set. */
export const hashKeyFromEnv = (): HashKeySource => {
  const secretArn = process.env[ENV.hashKeySecretArn];
  if (secretArn) return hashKeyFromSecret(new SecretsManagerClient({}), secretArn);
  const file = process.env[ENV.hashKeyFile];
  if (file) return hashKeyFromFile(file);
  throw new Error(`missing environment variables: ${ENV.hashKeySecretArn} (or ${ENV.hashKeyFile} locally)`);
};
