/** The consent notice (`/consent`): both languages are in the page; the switch shows one of them. */
import { startLanguage } from '../common/i18n';

startLanguage();
