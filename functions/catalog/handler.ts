import { createLogger } from '../../shared/runtime/logger';
import { createMetrics } from '../../shared/runtime/metrics';
import { createCatalogHandler } from './catalog';

const logger = createLogger('catalog');

export const handler = createCatalogHandler({ logger, metrics: createMetrics('catalog', logger) });
