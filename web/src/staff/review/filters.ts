/**
 * The filter selects of the queue and the members list: status, county (only the caller's counties),
 * trade, and platform (only those serving the chosen trade, from the catalogue). Labels follow the
 * page language; the chosen values survive a relabel.
 */
import { catalog, platformsForTrade } from '../../../../shared/catalog/index';
import { h, setChildren } from '../../common/dom';
import { countyName, platformName, tradeName } from '../common/format';
import { statusLabel } from './format';
import { t } from './i18n';

/** The statuses a reviewer can list: the queue, and decided ones to look back. */
export const LISTED_STATUSES = ['pending_review', 'approved', 'rejected'] as const;

/** Platform codes to offer for a trade ('' = any trade: every platform). */
export const platformChoices = (trade: string): string[] =>
  (trade ? platformsForTrade(trade) : catalog.platforms).map((platform) => platform.code);

export interface FilterSelects {
  status?: HTMLSelectElement;
  county: HTMLSelectElement;
  trade: HTMLSelectElement;
  platform: HTMLSelectElement;
}

export interface Filters {
  /** Rebuilds the options (new counties after a sign-in, or a new language), keeping what was chosen. */
  render(counties: string[]): void;
  values(): Record<string, string>;
  reset(): void;
}

const fill = (select: HTMLSelectElement, options: Array<[string, string]>, keep: string): void => {
  setChildren(select, ...options.map(([value, label]) => h('option', { value }, label)));
  select.value = options.some(([value]) => value === keep) ? keep : (options[0]?.[0] ?? '');
};

export const createFilters = (selects: FilterSelects, onChange: () => void): Filters => {
  let counties: string[] = [];
  const anyOption = (): [string, string] => ['', t('review.filter.any')];

  const renderPlatforms = () => {
    const choices = platformChoices(selects.trade.value);
    fill(
      selects.platform,
      [anyOption(), ...choices.map((code): [string, string] => [code, platformName(code)])],
      selects.platform.value,
    );
  };

  const render = (next: string[]) => {
    counties = next;
    if (selects.status) {
      fill(
        selects.status,
        LISTED_STATUSES.map((status): [string, string] => [status, statusLabel(status)]),
        selects.status.value || 'pending_review',
      );
    }
    const allCounties: [string, string] = [
      '',
      t(
        counties.length >= catalog.counties.length
          ? 'review.filter.allCounties'
          : counties.length > 1
            ? 'review.filter.myCounties'
            : 'review.filter.any',
      ),
    ];
    fill(
      selects.county,
      [allCounties, ...counties.map((code): [string, string] => [code, countyName(code)])],
      selects.county.value,
    );
    fill(
      selects.trade,
      [anyOption(), ...catalog.trades.map((trade): [string, string] => [trade.code, tradeName(trade.code)])],
      selects.trade.value,
    );
    renderPlatforms();
  };

  selects.trade.addEventListener('change', () => {
    renderPlatforms();
    onChange();
  });
  for (const select of [selects.status, selects.county, selects.platform])
    select?.addEventListener('change', onChange);

  return {
    render,
    values: () => ({
      ...(selects.status ? { status: selects.status.value } : {}),
      county: selects.county.value,
      trade: selects.trade.value,
      platform: selects.platform.value,
    }),
    reset: () => {
      for (const select of [selects.status, selects.county, selects.trade, selects.platform]) {
        if (select) select.value = '';
      }
      render(counties);
    },
  };
};
