/** The audit trail (`#audit-panel`, administrators): the last 7 days, newest first, paged. */
import { byId, formatDateTime, h, setChildren } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import { type ReviewProblem, reviewProblemMessage } from '../common/api';
import { labelledCell as cell, roleLabel } from '../common/format';
import { type Key, t } from '../common/i18n';
import { type AuditItem, listAudit } from './api';

export interface Audit {
  show(): void;
  relabel(): void;
  reset(): void;
}

/** A label for every action the functions write to the audit trail (a unit test reads them from the sources). */
export const AUDIT_ACTION_LABELS: Record<string, Key> = {
  'decision.approve': 'review.audit.approve',
  'decision.reject': 'review.audit.reject',
  'application.view': 'review.audit.view',
  'members.export': 'review.audit.export',
  'members.list': 'review.audit.list',
  'application.contact': 'review.audit.contact',
  'staff.add': 'review.audit.staffAdd',
  'staff.change': 'review.audit.staffChange',
  'staff.invite': 'review.audit.staffInvite',
  'staff.redeem': 'review.audit.staffRedeem',
  'union.create': 'review.audit.unionCreate',
  'union.change': 'review.audit.unionChange',
  'union.dissolve': 'review.audit.unionDissolve',
  'union.bulk_transfer': 'review.audit.unionBulkTransfer',
  'member.view': 'review.audit.memberView',
  'member.transfer': 'review.audit.memberTransfer',
  'member.leave': 'review.audit.memberLeave',
};

export const createAudit = (): Audit => {
  const rows = byId('audit-rows');
  const status = byId('audit-status');
  const more = byId<HTMLButtonElement>('audit-more');

  let items: AuditItem[] = [];
  let nextCursor: string | null = null;
  let loading = false;
  let problem: ReviewProblem | undefined;
  let generation = 0;

  const row = (entry: AuditItem) => {
    const action = AUDIT_ACTION_LABELS[entry.action];
    const details = Object.entries(entry.details ?? {})
      .map(([name, value]) => `${name}: ${value}`)
      .join(' · ');
    return h(
      'tr',
      { class: 'audit-row', 'data-action': entry.action },
      cell(
        'col-time',
        t('review.col.time'),
        h('time', { datetime: entry.at }, formatDateTime(entry.at, currentLocale())),
      ),
      cell(
        'col-actor',
        t('review.col.actor'),
        h('span', {}, entry.actor),
        entry.actorRole ? h('span', { class: 'small' }, roleLabel(entry.actorRole)) : '',
      ),
      cell('col-action', t('review.col.action'), action ? t(action) : entry.action),
      cell('col-target', t('review.col.target'), h('span', { class: 'application-id' }, entry.target ?? '')),
      cell('col-details', t('review.col.details'), h('span', { class: 'small' }, details || '—')),
    );
  };

  const render = () => {
    setChildren(rows, ...items.map(row));
    if (problem) status.textContent = reviewProblemMessage(problem, currentLocale());
    else if (loading) status.textContent = t('review.list.loading');
    else if (items.length === 0) status.textContent = t('review.audit.empty');
    else
      status.textContent = t(nextCursor ? 'review.list.countMore' : 'review.list.count', {
        count: items.length,
      });
    more.hidden = !nextCursor || loading;
  };

  const fetchPage = async (cursor?: string) => {
    const mine = ++generation;
    loading = true;
    problem = undefined;
    render();
    const result = await listAudit(cursor);
    if (mine !== generation) return;
    loading = false;
    if (result.ok) {
      items = [...items, ...result.value.items];
      nextCursor = result.value.nextCursor;
    } else problem = result.problem;
    render();
  };

  more.addEventListener('click', () => void fetchPage(nextCursor ?? undefined));

  return {
    show: () => {
      // Fresh each time it is shown, from the newest entry.
      items = [];
      nextCursor = null;
      void fetchPage();
    },
    relabel: render,
    reset: () => {
      generation++;
      items = [];
      nextCursor = null;
      problem = undefined;
      loading = false;
      setChildren(rows);
      status.textContent = '';
      more.hidden = true;
    },
  };
};
