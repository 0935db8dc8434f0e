/**
 * Proof-of-work challenges are good for one code request (docs/architecture.md §8): the request that uses one
 * writes its mark in the same transaction that counts the phone's limits and stores the code
 * (storage/limits.ts), so a replayed challenge moves no counter and sends nothing.
 */
import type { SolvedChallenge } from '../altcha/challenges';
import { ValidationFailed } from '../domain/errors';
import { TABLE } from '../runtime-wiring';
import { challengeKey } from './keys';
import type { GuardedWrite } from './limits';

export type ChallengeStore = ReturnType<typeof challengeStore>;

/** Only transaction items: the mark is always written with the limits and the code, never alone. */
export const challengeStore = (tableName: string) => ({
  /** The write that spends `challenge`: refused (altcha.used) when it was spent before. */
  spendItem: (challenge: SolvedChallenge, at: Date): GuardedWrite => ({
    item: {
      Put: {
        TableName: tableName,
        Item: {
          ...challengeKey(challenge.signatureHash),
          entity: 'challenge',
          spentAt: at.toISOString(),
          // Kept until the challenge expires: after that it is refused as expired anyway.
          [TABLE.ttlAttribute]: challenge.expiresAt,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    whenRefused: () => new ValidationFailed({ altcha: 'altcha.used' }),
  }),
});
