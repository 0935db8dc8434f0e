/** The audit trail (`#audit-panel`, administrators): the last 7 days, newest first, paged. */
import { byId, formatDateTime, h } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import { labelledCell as cell, roleLabel } from '../common/format';
import { createPagedList } from '../common/paged-list';
import { type AuditItem, listAudit } from './api';
import { type Key, t } from './i18n';

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

  const list = createPagedList<AuditItem>({
    rows: byId('audit-rows'),
    status: byId('audit-status'),
    more: byId<HTMLButtonElement>('audit-more'),
    fetchPage: listAudit,
    renderRow: row,
    emptyText: () => t('review.audit.empty'),
  });

  return {
    // Fresh each time it is shown, from the newest entry.
    show: () => void list.reload(),
    relabel: list.render,
    reset: list.reset,
  };
};
