import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Locale } from '../catalog/index';
import type { Caller } from '../domain/caller';

/** An HTTP API (v2) event after our middleware: the caller's locale is resolved, the JSON body parsed. */
export interface HttpEvent extends APIGatewayProxyEventV2 {
  locale: Locale;
  jsonBody?: unknown;
  /** The body after `validateBody`: valid and normalised. */
  input?: unknown;
  /** The signed-in reviewer or administrator, after `requireCaller`. */
  caller?: Caller;
}
export type HttpResult = APIGatewayProxyStructuredResultV2;

export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});
