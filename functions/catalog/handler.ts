import { createLogger } from '../../shared/runtime/logger';
import { createCatalogHandler } from './catalog';

export const handler = createCatalogHandler({ logger: createLogger('catalog') });
