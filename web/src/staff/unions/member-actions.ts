/**
 * What is done to one member of the union shown (`#member-panel`): a transfer to another active union of
 * the same county (administrators, with a reason), and leaving the union (any staff of the county: a
 * reason from the list and an optional note, after a confirm). Both checked by the API's rules first.
 */
import { LEAVE_REASONS } from '../../../../shared/domain/union';
import { byId, h, setChildren } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import type { Result, ReviewProblem } from '../common/api';
import type { FormOutcome } from '../common/form-outcome';
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
import { type ListedUnion, leaveUnion, type MemberView, transferMember, type UnionMember } from './api';
import { problemText, type UnionsPage } from './context';
import { leaveFromForm, transferFromForm } from './form';
import { kindLabel, leaveReasonLabel, transferTargets, withNote } from './format';
import { t } from './i18n';

export type MemberMode = 'transfer' | 'leave';

export interface MemberActions {
  open(mode: MemberMode, member: UnionMember, union: ListedUnion): void;
  close(): void;
  relabel(): void;
}

/** `done`: the member has left the union shown (moved or left), with what to say about it. */
export const createMemberActions = (
  page: UnionsPage,
  done: (member: UnionMember, text: () => string) => void,
): MemberActions => {
  const section = byId('member-panel');
  const heading = byId('member-panel-heading');
  const views: Record<MemberMode, FormView> = { transfer: formView('transfer'), leave: formView('leave') };
  const target = control<HTMLSelectElement>(views.transfer, 'to');
  const reason = control<HTMLSelectElement>(views.leave, 'reason');
  let shown: { mode: MemberMode; member: UnionMember; union: ListedUnion } | undefined;

  const fillTargets = () => {
    const chosen = target.value;
    const choices = shown ? transferTargets(page.unions(), shown.union) : [];
    setChildren(
      target,
      h(
        'option',
        { value: '' },
        choices.length > 0 ? t('unions.field.choose') : t('unions.transfer.noTarget'),
      ),
      ...choices.map((u) =>
        h(
          'option',
          { value: u.unionId },
          withNote(u.name, kindLabel(u.kind, currentLocale()), currentLocale()),
        ),
      ),
    );
    target.value = chosen;
  };

  const fillReasons = () => {
    const chosen = reason.value;
    setChildren(
      reason,
      h('option', { value: '' }, t('unions.field.choose')),
      ...LEAVE_REASONS.map((code) => h('option', { value: code }, leaveReasonLabel(code, currentLocale()))),
    );
    reason.value = chosen;
  };

  const render = () => {
    section.hidden = !shown;
    for (const [mode, view] of Object.entries(views)) {
      view.form.hidden = shown?.mode !== mode;
      renderProblems(view);
    }
    if (!shown) return;
    const { mode, member } = shown;
    const names = { name: member.fullName, memberId: member.memberId };
    heading.textContent = t(mode === 'transfer' ? 'unions.transfer.heading' : 'unions.leave.heading', names);
    fillTargets();
    fillReasons();
  };

  const close = () => {
    shown = undefined;
    for (const view of Object.values(views)) clearProblems(view);
    render();
  };

  const open = (mode: MemberMode, member: UnionMember, union: ListedUnion) => {
    close();
    shown = { mode, member, union };
    views[mode].form.reset();
    render();
    section.scrollIntoView({ block: 'nearest' });
    heading.focus();
  };

  const send = async <T>(
    view: FormView,
    checked: FormOutcome<T>,
    call: (body: T) => Promise<Result<MemberView>>,
    said: (member: UnionMember, after: MemberView) => () => string,
    confirmText?: string,
  ) => {
    const member = shown?.member;
    if (!member || view.busy) return;
    if (!checked.ok) return showProblems(view, ruleProblems(checked.problems));
    if (confirmText && !window.confirm(confirmText)) return;
    clearProblems(view);
    setBusy(view, true);
    const result = await call(checked.body);
    setBusy(view, false);
    if (result.ok) {
      close();
      return done(member, said(member, result.value));
    }
    const problem: ReviewProblem = result.problem;
    if (problem.kind === 'forbidden' && page.refused(problem)) return;
    if (problem.kind === 'invalid') return showProblems(view, apiProblems(problem.fields));
    showProblems(view, [], () => problemText(problem));
  };

  views.transfer.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const member = shown?.member;
    if (!member) return;
    void send(
      views.transfer,
      transferFromForm(target.value, control(views.transfer, 'reason').value),
      (body) => transferMember(member.memberId, body),
      (moved, after) => {
        const union = page.unions().find((u) => u.unionId === after.unionId)?.name ?? after.unionId ?? '';
        return () => t('unions.transferred', { name: moved.fullName, union });
      },
    );
  });

  views.leave.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const member = shown?.member;
    if (!member) return;
    void send(
      views.leave,
      leaveFromForm(reason.value, control(views.leave, 'note').value),
      (body) => leaveUnion(member.memberId, body),
      (left) => () => t('unions.left', { name: left.fullName }),
      t('unions.leave.confirm', { name: member.fullName, memberId: member.memberId }),
    );
  });

  for (const button of Array.from(section.querySelectorAll<HTMLButtonElement>('.member-cancel')))
    button.addEventListener('click', () => {
      const member = shown?.member;
      close();
      if (member)
        document
          .querySelector<HTMLButtonElement>(`button[data-id="${CSS.escape(member.memberId)}"][data-action]`)
          ?.focus();
    });

  return { open, close, relabel: render };
};
