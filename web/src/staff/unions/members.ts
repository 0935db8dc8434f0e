/**
 * A union's members (`#members`): paged with the API's `nextCursor` (each page is on the audit trail),
 * masked phone and ID number only. A member moved or gone leaves the list at once, and the unions are
 * read again so every count follows.
 */
import { byId, setChildren } from '../../common/dom';
import type { ReviewProblem } from '../common/api';
import { type ListedUnion, listUnionMembers, type UnionMember } from './api';
import { problemText, type UnionsPage } from './context';
import { transferTargets } from './format';
import { t } from './i18n';
import { createMemberActions, type MemberMode } from './member-actions';
import { memberRow } from './view';

export interface MemberList {
  open(union: ListedUnion): void;
  /** The union shown, when the list was read again (its name or status may have changed). */
  refresh(): void;
  close(): void;
  relabel(): void;
}

export const createMemberList = (page: UnionsPage): MemberList => {
  const section = byId('members');
  const heading = byId('members-heading');
  const rows = byId('member-rows');
  const status = byId('members-status');
  const message = byId('members-message');
  const more = byId<HTMLButtonElement>('members-more');

  let union: ListedUnion | undefined;
  let items: UnionMember[] = [];
  let nextCursor: string | null = null;
  let state: 'idle' | 'loading' | 'loaded' | 'failed' = 'idle';
  let problem: ReviewProblem | undefined;
  let said: (() => string) | undefined;
  /** Each load bumps it; an answer for an older one is dropped. */
  let generation = 0;

  const canTransfer = () => page.isAdmin() && !!union && transferTargets(page.unions(), union).length > 0;

  const render = () => {
    section.hidden = !union;
    if (!union) return;
    heading.textContent = t('unions.members.heading', { name: union.name });
    const transfer = canTransfer();
    setChildren(rows, ...items.map((member) => memberRow(member, transfer)));
    status.textContent =
      state === 'loading'
        ? t('review.list.loading')
        : state === 'failed' && problem
          ? problemText(problem)
          : state === 'loaded' && items.length === 0
            ? t('unions.members.empty')
            : state === 'loaded'
              ? t(nextCursor ? 'review.list.countMore' : 'review.list.count', { count: items.length })
              : '';
    more.hidden = !nextCursor || state === 'loading';
    message.textContent = said ? said() : '';
  };

  const load = async (cursor?: string) => {
    const shown = union;
    if (!shown) return;
    const mine = ++generation;
    state = 'loading';
    problem = undefined;
    render();
    const result = await listUnionMembers(shown.unionId, cursor);
    if (mine !== generation) return;
    if (!result.ok) {
      if (page.refused(result.problem)) return;
      state = 'failed';
      problem = result.problem;
      return render();
    }
    items = cursor ? [...items, ...result.value.items] : result.value.items;
    nextCursor = result.value.nextCursor;
    state = 'loaded';
    render();
  };

  const actions = createMemberActions(page, (member, text) => {
    items = items.filter((m) => m.memberId !== member.memberId);
    said = text;
    render();
    void page.reload();
    heading.focus();
  });

  const close = () => {
    generation++;
    union = undefined;
    items = [];
    nextCursor = null;
    state = 'idle';
    said = undefined;
    actions.close();
    render();
  };

  rows.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    const member = items.find((m) => m.memberId === button?.dataset.id);
    if (!button || !member || !union) return;
    said = undefined;
    render();
    actions.open(button.dataset.action as MemberMode, member, union);
  });
  more.addEventListener('click', () => void load(nextCursor ?? undefined));
  byId('members-close').addEventListener('click', () => {
    const was = union;
    close();
    if (was)
      document
        .querySelector<HTMLButtonElement>(
          `button[data-id="${CSS.escape(was.unionId)}"][data-action="members"]`,
        )
        ?.focus();
  });

  return {
    open: (chosen) => {
      close();
      union = chosen;
      render();
      section.scrollIntoView({ block: 'nearest' });
      heading.focus();
      void load();
    },
    refresh: () => {
      const now = union && page.unions().find((u) => u.unionId === union?.unionId);
      if (union && now) union = now;
      render();
    },
    close,
    relabel: () => {
      render();
      actions.relabel();
    },
  };
};
