/**
 * A local Secrets Manager endpoint answering GetSecretValue (JSON 1.1) from a map, and counting calls.
 * It does not check signatures: it stands in for where credentials come from, not for the SMS providers.
 */
import { type FakeServer, header, json, startFakeServer } from './http';

export interface SecretsManagerFake extends FakeServer {
  /** GetSecretValue calls per SecretId. */
  readonly reads: Map<string, number>;
}

export const startSecretsManagerFake = async (
  secrets: Record<string, string>,
): Promise<SecretsManagerFake> => {
  const reads = new Map<string, number>();
  const server = await startFakeServer(({ headers, body }) => {
    const type = { 'content-type': 'application/x-amz-json-1.1' };
    if (header(headers, 'x-amz-target') !== 'secretsmanager.GetSecretValue') {
      return json(400, { __type: 'UnknownOperationException' }, type);
    }
    const { SecretId } = JSON.parse(body) as { SecretId: string };
    reads.set(SecretId, (reads.get(SecretId) ?? 0) + 1);
    const secret = secrets[SecretId];
    if (secret === undefined) {
      return json(
        400,
        { __type: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." },
        type,
      );
    }
    return json(200, { ARN: SecretId, Name: SecretId, SecretString: secret, VersionId: 'v1' }, type);
  });
  return { ...server, reads };
};
