/** The consent notice (`/consent`): both languages are in the page; the switch shows one of them. */
import { startLanguage } from './i18n';

startLanguage();
