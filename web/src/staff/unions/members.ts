/**
 * A union's members (`#members`): paged with the API's `nextCursor` (each page is on the audit trail),
 * masked phone and ID number only. A member moved or gone leaves the list at once, and the unions are
 * read again so every count follows.
 */
import { byId } from '../../common/dom';
import type { Page } from '../common/api';
import { createPagedList } from '../common/paged-list';
import { type ListedUnion, listUnionMembers, type UnionMember } from './api';
import { problemText, type UnionsPage } from './context';
import { transferTargets } from './format';
import { t } from './i18n';
import { createMemberActions, type MemberMode } from './member-actions';
import { memberRow } from './view';

const noMembers: Page<UnionMember> = { items: [], nextCursor: null };

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
  const message = byId('members-message');

  let union: ListedUnion | undefined;
  let said: (() => string) | undefined;

  const canTransfer = () => page.isAdmin() && !!union && transferTargets(page.unions(), union).length > 0;

  const list = createPagedList<UnionMember>({
    rows,
    status: byId('members-status'),
    more: byId<HTMLButtonElement>('members-more'),
    fetchPage: (cursor) =>
      union ? listUnionMembers(union.unionId, cursor) : Promise.resolve({ ok: true, value: noMembers }),
    renderRow: (member) => memberRow(member, canTransfer()),
    emptyText: () => t('unions.members.empty'),
    problemText,
    failed: (problem) => void page.refused(problem),
  });

  const render = () => {
    section.hidden = !union;
    if (!union) return;
    heading.textContent = t('unions.members.heading', { name: union.name });
    list.render();
    message.textContent = said ? said() : '';
  };

  const actions = createMemberActions(page, (member, text) => {
    list.update((items) => items.filter((m) => m.memberId !== member.memberId));
    said = text;
    render();
    void page.reload();
    heading.focus();
  });

  const close = () => {
    union = undefined;
    said = undefined;
    list.reset();
    actions.close();
    render();
  };

  rows.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    const member = list.items().find((m) => m.memberId === button?.dataset.id);
    if (!button || !member || !union) return;
    said = undefined;
    render();
    actions.open(button.dataset.action as MemberMode, member, union);
  });
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
      void list.reload();
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
