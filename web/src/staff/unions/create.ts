/**
 * Setting up a union (`#create`, administrators): name, kind, county, the platform or trade the kind
 * covers, and the date. Checked by the API's own rules first (form.ts); the API's refusals are
 * shown the same way, a 409 (the platform or trade is already covered in that county) beside the
 * platform or trade, naming the union that covers it.
 */
import { catalog } from '../../../../shared/catalog/index';
import { beijingDate } from '../../../../shared/domain/beijing-time';
import { byId, h, setChildren } from '../../common/dom';
import {
  apiProblems,
  clearProblems,
  control,
  formView,
  renderProblems,
  ruleProblems,
  type ShownProblem,
  setBusy,
  showProblems,
} from '../common/form-view';
import { countyName, platformName, tradeName } from '../common/format';
import { createUnion, type ListedUnion } from './api';
import { problemText, type UnionsPage } from './context';
import { coverageFields, newUnionFromForm } from './form';
import { t } from './i18n';

export interface SetUpForm {
  relabel(): void;
  reset(): void;
}

export const createSetUpForm = (page: UnionsPage): SetUpForm => {
  const view = formView('create');
  const kind = control<HTMLSelectElement>(view, 'kind');
  const county = control<HTMLSelectElement>(view, 'county');
  const platform = control<HTMLSelectElement>(view, 'platform');
  const trade = control<HTMLSelectElement>(view, 'trade');
  const setUpOn = control<HTMLInputElement>(view, 'setUpOn');

  /** A select of catalogue entries, "choose" first; keeps what was chosen across a relabel. */
  const fillChoices = (
    select: HTMLSelectElement,
    codes: readonly string[],
    name: (code: string) => string,
  ) => {
    const chosen = select.value;
    setChildren(
      select,
      h('option', { value: '' }, t('unions.field.choose')),
      ...codes.map((code) => h('option', { value: code }, name(code))),
    );
    select.value = chosen;
  };

  const fillAll = () => {
    fillChoices(
      county,
      catalog.counties.map((c) => c.code),
      countyName,
    );
    // "other" is no platform a union can be set up for.
    fillChoices(
      platform,
      catalog.platforms.filter((p) => p.code !== 'other').map((p) => p.code),
      platformName,
    );
    fillChoices(
      trade,
      catalog.trades.map((c) => c.code),
      tradeName,
    );
  };

  const syncKind = () => {
    const uses = coverageFields(kind.value);
    byId('create-platform-field').hidden = !uses.platform;
    byId('create-trade-field').hidden = !uses.trade;
    byId('create-joint-hint').hidden = kind.value !== 'joint';
  };

  /** The union that already covers what was asked for, by name when the list has it. */
  const slotTaken = (unionId: string | undefined): ShownProblem[] => {
    const holder = page.unions().find((u) => u.unionId === unionId);
    const field = coverageFields(kind.value).platform && platform.value ? 'platform' : 'trade';
    return [
      {
        field,
        text: () =>
          [
            problemText({ kind: 'union_slot_taken' }),
            holder ? t('unions.slotTaken.holder', { name: holder.name }) : '',
          ]
            .filter(Boolean)
            .join(' '),
      },
    ];
  };

  const reset = () => {
    view.form.reset();
    setUpOn.value = beijingDate(new Date().toISOString());
    clearProblems(view);
    syncKind();
  };

  const created = (union: ListedUnion) => {
    reset();
    page.say(() => t('unions.created', { name: union.name }));
    void page.reload();
    byId('unions-message').focus();
  };

  kind.addEventListener('change', syncKind);

  view.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (view.busy) return;
    const checked = newUnionFromForm({
      name: control(view, 'name').value,
      kind: kind.value,
      county: county.value,
      platform: platform.value,
      trade: trade.value,
      setUpOn: setUpOn.value,
    });
    if (!checked.ok) return showProblems(view, ruleProblems(checked.problems));
    clearProblems(view);
    setBusy(view, true);
    const result = await createUnion(checked.body);
    setBusy(view, false);
    if (result.ok) return created(result.value);
    const problem = result.problem;
    if (problem.kind === 'forbidden' && page.refused(problem)) return;
    if (problem.kind === 'invalid') return showProblems(view, apiProblems(problem.fields));
    if (problem.kind === 'union_slot_taken') return showProblems(view, slotTaken(problem.unionId));
    showProblems(view, [], () => problemText(problem));
  });

  fillAll();
  reset();

  return {
    relabel: () => {
      fillAll();
      renderProblems(view);
    },
    reset,
  };
};
