/**
 * Links to the status page carry the application number and token in the URL *fragment*
 * (`/status#id=…&token=…`): browsers never send the fragment to the server, so the token stays out
 * of request logs and Referer headers.
 */
import { APPLICATION_ID_PATTERN } from '../../../shared/domain/application';

export interface StatusLookup {
  applicationId: string;
  statusToken: string;
}

/** An application number as people type it: spaces dropped, letters upper-cased. */
export const normaliseApplicationId = (raw: string): string => raw.replace(/\s+/g, '').toUpperCase();

export const isApplicationId = (id: string): boolean => APPLICATION_ID_PATTERN.test(id);

export const statusLink = ({ applicationId, statusToken }: StatusLookup): string =>
  `/status#${new URLSearchParams({ id: applicationId, token: statusToken }).toString()}`;

/** The lookup in a `#id=…&token=…` fragment, or undefined when it holds no usable pair. */
export const parseStatusFragment = (hash: string): StatusLookup | undefined => {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const applicationId = normaliseApplicationId(params.get('id') ?? '');
  const statusToken = (params.get('token') ?? '').trim();
  if (!isApplicationId(applicationId) || statusToken === '') return undefined;
  return { applicationId, statusToken };
};
