/**
 * Solving the proof-of-work challenge on the form (docs/architecture.md §8), by itself: no checkbox, no puzzle. In
 * a Web Worker (altcha-worker.ts) so the page stays responsive; on the page's own thread,
 * with the same altcha-lib solver, where a worker cannot start.
 */
import { solveChallenge } from 'altcha-lib/v1';
import { type AltchaChallenge, type AltchaSolution, altchaPayload } from '../../../shared/domain/altcha';

/** The worker script's URL under /assets/, given to this bundle by web/build.ts (`define`). */
declare const ALTCHA_WORKER_URL: string;
const workerUrl = (): string | undefined =>
  typeof ALTCHA_WORKER_URL === 'string' ? ALTCHA_WORKER_URL : undefined;

const solveInWorker = (challenge: AltchaChallenge, url: string): Promise<AltchaSolution | null> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(url);
    worker.addEventListener('message', (message: MessageEvent<AltchaSolution | null>) => {
      worker.terminate();
      resolve(message.data);
    });
    worker.addEventListener('error', (event) => {
      worker.terminate();
      reject(new Error(`the solver worker failed: ${event.message}`));
    });
    worker.postMessage({
      type: 'work',
      payload: {
        algorithm: challenge.algorithm,
        challenge: challenge.challenge,
        max: challenge.maxnumber,
        salt: challenge.salt,
        start: 0,
      },
    });
  });

const solveHere = (challenge: AltchaChallenge): Promise<AltchaSolution | null> =>
  solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;

/**
 * The `altcha` field for a code request: `challenge` solved, as base64 JSON (what the ALTCHA widget
 * sends). Undefined when it has no solution (not a challenge of ours).
 */
export const solveAltcha = async (challenge: AltchaChallenge): Promise<string | undefined> => {
  const url = workerUrl();
  let solution: AltchaSolution | null = null;
  let solved = false;
  if (url && typeof Worker === 'function') {
    try {
      solution = await solveInWorker(challenge, url);
      solved = true;
    } catch {
      // No worker here (blocked, failed to load): solve on the page instead.
    }
  }
  if (!solved) solution = await solveHere(challenge);
  return solution ? altchaPayload(challenge, { number: solution.number, took: solution.took }) : undefined;
};
