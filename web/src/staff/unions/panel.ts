/**
 * What an administrator does to one union (`#union-panel`): rename it; dissolve it (after a confirm; its
 * members then move to the county's fallback union, in as many calls as it takes); and, for a platform or
 * joint union of a platform, the bulk transfer of that platform's members from the county's fallback
 * union into it. The moves go on until the API says `done`, with how many moved so far on screen.
 */
import { byId } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import type { Result, ReviewProblem } from '../common/api';
import {
  apiProblems,
  clearProblems,
  control,
  type FormView,
  formView,
  renderProblems,
  ruleProblems,
  setBusy,
  showProblems,
} from '../common/form-view';
import { bulkTransfer, changeUnion, type ListedUnion, type Moved, repeatUntilDone } from './api';
import { problemText, type UnionsPage } from './context';
import { bulkTransferFromForm, dissolveFromForm, renameFromForm } from './form';
import { canBulkTransfer, fallbackUnionOf, formatNumber, platformName } from './format';
import { type Key, t } from './i18n';

export type PanelMode = 'rename' | 'dissolve' | 'bulk';

export interface UnionPanel {
  open(mode: PanelMode, union: ListedUnion): void;
  /** Moves the members a dissolution left behind to the fallback union (no form: it was confirmed). */
  finishDissolving(union: ListedUnion): Promise<void>;
  close(): void;
  relabel(): void;
}

export const createUnionPanel = (page: UnionsPage): UnionPanel => {
  const section = byId('union-panel');
  const heading = byId('panel-heading');
  const intro = byId('panel-intro');
  const progressLine = byId('panel-progress');
  const views: Record<PanelMode, FormView> = {
    rename: formView('rename'),
    dissolve: formView('dissolve'),
    bulk: formView('bulk'),
  };
  let shown: { mode: PanelMode; union: ListedUnion } | undefined;
  let progress: (() => string) | undefined;

  const number = (value: number) => formatNumber(value, currentLocale());
  const platformOf = (union: ListedUnion) => platformName(union.platform ?? '', currentLocale());
  const fallbackName = (union: ListedUnion) => fallbackUnionOf(page.unions(), union.county)?.name ?? '';

  const render = () => {
    section.hidden = !shown;
    progressLine.textContent = progress ? progress() : '';
    for (const [mode, view] of Object.entries(views)) {
      view.form.hidden = shown?.mode !== mode;
      renderProblems(view);
    }
    if (!shown) return;
    const { mode, union } = shown;
    const name = union.name;
    if (mode === 'rename') {
      heading.textContent = t('unions.rename.heading', { name });
      intro.textContent = '';
    } else if (mode === 'dissolve') {
      heading.textContent = t('unions.dissolve.heading', { name });
      intro.textContent = t('unions.dissolve.intro', {
        count: number(union.members),
        fallback: fallbackName(union),
      });
    } else {
      heading.textContent = t('unions.bulk.heading', { platform: platformOf(union) });
      intro.textContent = t('unions.bulk.intro', {
        platform: platformOf(union),
        fallback: fallbackName(union),
        name,
      });
    }
  };

  const close = () => {
    shown = undefined;
    progress = undefined;
    for (const view of Object.values(views)) clearProblems(view);
    render();
  };

  const open = (mode: PanelMode, union: ListedUnion) => {
    close();
    shown = { mode, union };
    const view = views[mode];
    view.form.reset();
    if (mode === 'rename') control(view, 'name').value = union.name;
    if (mode === 'bulk')
      control(view, 'reason').value = t('unions.bulk.reasonDefault', { platform: platformOf(union) });
    render();
    section.scrollIntoView({ block: 'nearest' });
    heading.focus();
  };

  /** After a change: the list read again (fresh counts), the panel closed, the page's line says what happened. */
  const finished = async (text: () => string) => {
    close();
    page.say(text);
    await page.reload();
    byId('unions-message').focus();
  };

  const failed = (view: FormView, problem: ReviewProblem, moved = 0) => {
    if (problem.kind === 'forbidden' && page.refused(problem)) return;
    if (problem.kind === 'invalid') return showProblems(view, apiProblems(problem.fields));
    if (problem.kind === 'changed_meanwhile') {
      close();
      page.say(() => t('unions.changedMeanwhile'));
      void page.reload();
      return;
    }
    progress = undefined;
    render();
    // Some had moved before it stopped: the counts changed.
    if (moved > 0) void page.reload();
    showProblems(view, [], () =>
      moved > 0
        ? t('unions.stopped', { moved: number(moved), problem: problemText(problem) })
        : problemText(problem),
    );
  };

  /** Runs a batch move to the end, saying how many have moved so far. */
  const moveAll = async (view: FormView, step: () => Promise<Result<Moved>>, key: Key) => {
    setBusy(view, true);
    const say = (moved: number) => {
      progress = () => t(key, { moved: number(moved) });
      progressLine.textContent = progress();
    };
    say(0);
    const result = await repeatUntilDone(step, say);
    setBusy(view, false);
    return result;
  };

  views.rename.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const view = views.rename;
    const union = shown?.union;
    if (!union || view.busy) return;
    const checked = renameFromForm(union.name, control(view, 'name').value);
    if (!checked) return finished(() => t('unions.rename.unchanged'));
    if (!checked.ok) return showProblems(view, ruleProblems(checked.problems));
    clearProblems(view);
    setBusy(view, true);
    const result = await changeUnion(union.unionId, checked.body);
    setBusy(view, false);
    if (!result.ok) return failed(view, result.problem);
    const renamed = result.value.union.name;
    await finished(() => t('unions.renamed', { name: renamed }));
  });

  const dissolve = async (view: FormView, union: ListedUnion, reason: string) => {
    const checked = dissolveFromForm(reason);
    if (!checked.ok) return showProblems(view, ruleProblems(checked.problems));
    clearProblems(view);
    const result = await moveAll(
      view,
      () => changeUnion(union.unionId, checked.body),
      'unions.dissolve.progress',
    );
    if (!result.ok) return failed(view, result.problem, result.moved);
    const moved = result.moved;
    await finished(() => t('unions.dissolved', { name: union.name, moved: number(moved) }));
  };

  views.dissolve.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const union = shown?.union;
    if (!union || views.dissolve.busy) return;
    const confirmText = t('unions.dissolve.confirm', { name: union.name, count: number(union.members) });
    if (!window.confirm(confirmText)) return;
    void dissolve(views.dissolve, union, control(views.dissolve, 'reason').value);
  });

  views.bulk.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const view = views.bulk;
    const union = shown?.union;
    if (!union || view.busy || !canBulkTransfer(union)) return;
    const fallback = fallbackUnionOf(page.unions(), union.county);
    if (!fallback) return showProblems(view, [], () => t('unions.bulk.noFallback'));
    const checked = bulkTransferFromForm(union.unionId, union.platform, control(view, 'reason').value);
    if (!checked.ok) return showProblems(view, ruleProblems(checked.problems));
    clearProblems(view);
    const result = await moveAll(
      view,
      () => bulkTransfer(fallback.unionId, checked.body),
      'unions.bulk.progress',
    );
    if (!result.ok) return failed(view, result.problem, result.moved);
    const moved = result.moved;
    const platform = union.platform;
    const name = union.name;
    await finished(() =>
      moved > 0
        ? t('unions.bulk.done', {
            moved: number(moved),
            platform: platformName(platform, currentLocale()),
            name,
          })
        : t('unions.bulk.none', { platform: platformName(platform, currentLocale()) }),
    );
  });

  for (const button of Array.from(section.querySelectorAll<HTMLButtonElement>('.panel-cancel')))
    button.addEventListener('click', () => {
      const union = shown?.union;
      close();
      if (union)
        document
          .querySelector<HTMLButtonElement>(`button[data-id="${CSS.escape(union.unionId)}"][data-action]`)
          ?.focus();
    });

  return {
    open,
    finishDissolving: async (union) => {
      shown = { mode: 'dissolve', union };
      render();
      await dissolve(views.dissolve, union, '');
    },
    close,
    relabel: render,
  };
};
