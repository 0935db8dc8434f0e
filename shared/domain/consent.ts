/** The consent text's version. Bump it whenever the consent text changes; each application stores it. */
export const CONSENT_VERSION = '2026-11-01';
