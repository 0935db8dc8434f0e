/**
 * The HMAC-SHA-256 key for ID-number and phone hashes (docs/architecture.md §7): a generated 64-character
 * alphanumeric string in Secrets Manager. Retained on stack deletion and never rotated: every stored
 * hash was made with it, and duplicate detection works only while the key stays the same.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export class HashKeySecret extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'HMAC key for hashing resident ID and phone numbers (duplicate detection). Do not rotate.',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret is the HMAC key behind every stored ID-number and phone hash; rotating it would make new hashes differ from existing ones and silently break duplicate detection. A key change needs a planned re-hash, not automatic rotation.',
    });
  }
}
