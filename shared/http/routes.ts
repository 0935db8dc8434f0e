/** Dispatching a function's HTTP API routes by route key (`POST /api/unions/{id}`), declared in shared/wiring.ts. */
import type { Context } from 'aws-lambda';
import { NotFound } from '../domain/errors';
import type { HttpEvent, HttpResult } from './types';

export type Route = (event: HttpEvent, context?: Context) => Promise<HttpResult>;

/** The handler of a function's routes: a route key it does not serve is 404, never a 500. */
export const byRouteKey = (routes: Readonly<Record<string, Route>>) =>
  async function routeRequest(event: HttpEvent, context?: Context): Promise<HttpResult> {
    const route = routes[event.routeKey];
    if (!route) throw new NotFound();
    return route(event, context);
  };
