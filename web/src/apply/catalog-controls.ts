/**
 * The form's choices, built from the bundled catalogue (shared/catalog): trades as radio buttons,
 * platforms as checkboxes (only those serving the chosen trade are shown and enabled), counties as
 * a select. Labels follow the page language.
 */
import { type CatalogEntry, catalog, type Locale, OTHER_PLATFORM } from '../../../shared/catalog/index';
import { h } from '../common/dom';

export interface CatalogControls {
  /** Shows the platforms serving `trade` (none when empty), unticking the ones that no longer apply. */
  showPlatformsFor(trade: string): void;
  relabel(locale: Locale): void;
}

interface Places {
  tradeChoices: HTMLElement;
  platformChoices: HTMLElement;
  platformHint: HTMLElement;
  platformOther: HTMLElement;
  county: HTMLSelectElement;
}

const choice = (type: 'radio' | 'checkbox', name: string, code: string, text: HTMLElement) =>
  h('label', { class: 'choice' }, h('input', { type, name, value: code, id: `${name}-${code}` }), text);

export const renderCatalogControls = (places: Places, locale: Locale): CatalogControls => {
  const labelled: Array<[HTMLElement, CatalogEntry]> = [];
  const nameOf = (entry: CatalogEntry) => {
    const text = h('span', {}, entry.name[locale]);
    labelled.push([text, entry]);
    return text;
  };

  for (const trade of catalog.trades)
    places.tradeChoices.append(choice('radio', 'trade', trade.code, nameOf(trade)));

  const platformBoxes = catalog.platforms.map((platform) => {
    const label = choice('checkbox', 'platforms', platform.code, nameOf(platform));
    places.platformChoices.append(label);
    return { label, box: label.querySelector('input') as HTMLInputElement, trades: platform.trades };
  });

  for (const county of catalog.counties) {
    const option = h('option', { value: county.code }, county.name[locale]);
    labelled.push([option, county]);
    places.county.append(option);
  }

  const otherField = places.platformOther.closest<HTMLElement>('.field') ?? places.platformOther;
  const otherBox = platformBoxes.find(({ box }) => box.value === OTHER_PLATFORM)?.box;
  const showOtherIfTicked = () => {
    const ticked = otherBox?.checked === true && !otherBox.disabled;
    otherField.hidden = !ticked;
    // Disabled controls are left out of the form data, so a hidden description is never sent.
    (places.platformOther as HTMLInputElement).disabled = !ticked;
  };
  otherBox?.addEventListener('change', showOtherIfTicked);

  const showPlatformsFor = (trade: string) => {
    for (const { label, box, trades } of platformBoxes) {
      const serves = trades.includes(trade);
      label.hidden = !serves;
      box.disabled = !serves;
      if (!serves) box.checked = false;
    }
    places.platformHint.hidden = trade !== '';
    showOtherIfTicked();
  };

  const relabel = (next: Locale) => {
    for (const [element, entry] of labelled) element.textContent = entry.name[next];
  };

  showPlatformsFor('');
  return { showPlatformsFor, relabel };
};
