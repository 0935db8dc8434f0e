/**
 * The Lambda entry points, checked by the compiler against the wiring: every declared function must
 * have a `functions/<name>/handler.ts` exporting `handler`. Imported lazily, after the environment
 * points the SDK clients at the emulators.
 */
import type { FunctionName } from '../shared/wiring';

type HandlerModule = { handler: (...args: never[]) => unknown };

export const handlerModules = {
  challenge: () => import('../functions/challenge/handler'),
  verification: () => import('../functions/verification/handler'),
  intake: () => import('../functions/intake/handler'),
  status: () => import('../functions/status/handler'),
  screening: () => import('../functions/screening/handler'),
  notify: () => import('../functions/notify/handler'),
  migrate: () => import('../functions/migrate/handler'),
  sweeper: () => import('../functions/sweeper/handler'),
  review: () => import('../functions/review/handler'),
  members: () => import('../functions/members/handler'),
  audit: () => import('../functions/audit/handler'),
  reports: () => import('../functions/reports/handler'),
  staff: () => import('../functions/staff/handler'),
  digest: () => import('../functions/digest/handler'),
  unions: () => import('../functions/unions/handler'),
  // The API Gateway authorizer that checks CloudFront's origin header: loaded, never called locally (no edge).
  gatekeeper: () => import('../functions/gatekeeper/handler'),
} satisfies Record<FunctionName, () => Promise<HandlerModule>>;

export type LoadedHandlers = {
  [K in FunctionName]: Awaited<ReturnType<(typeof handlerModules)[K]>>['handler'];
};

export const loadHandlers = async (): Promise<LoadedHandlers> => {
  const entries = await Promise.all(
    Object.entries(handlerModules).map(async ([name, load]) => [name, (await load()).handler] as const),
  );
  return Object.fromEntries(entries) as LoadedHandlers;
};

/**
 * Another instance of one function's module, with module-level state of its own — what a second
 * Lambda execution environment of the same function has. `environment` > 0 names the instance.
 */
export const loadHandlerInstance = async (name: FunctionName, environment: number): Promise<unknown> => {
  const module: HandlerModule = await import(`../functions/${name}/handler.ts?environment=${environment}`);
  return module.handler;
};
