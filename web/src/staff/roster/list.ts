/**
 * The roster (`#roster`): every entry, sorted by name, with its role, counties, masked reminder mobile,
 * state and last change; a button to edit each and one to deactivate (or reactivate) anyone but oneself.
 */
import { maskPhone } from '../../../../shared/domain/phone';
import { byId, formatDateTime, h, setChildren } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import type { ReviewProblem } from '../common/api';
import { countiesLabel, labelledCell, roleLabel } from '../common/format';
import { type ListState, listStatusText } from '../common/list-status';
import { changeStaff, listStaff, type StaffMember } from '../common/staff-api';
import { problemText, type RosterPage } from './context';
import { type Key, t } from './i18n';

export interface RosterList {
  load(): Promise<void>;
  /** An entry as the API answered a change or an addition. */
  replace(entry: StaffMember): void;
  /** Puts the keyboard on a row's button (after the editor closes), or on the heading. */
  focusRow(staffId: string, action?: string): void;
  focusHeading(): void;
  relabel(): void;
  reset(): void;
}

const BY_WORDS: Record<string, Key> = {
  invitation: 'staff.by.invitation',
  'token CLI': 'staff.by.tokenCli',
  'command line': 'staff.by.commandLine',
};

const changedBy = (entry: StaffMember): string =>
  t('staff.changed', {
    who: BY_WORDS[entry.updatedBy] ? t(BY_WORDS[entry.updatedBy] as Key) : entry.updatedBy,
    time: formatDateTime(entry.updatedAt, currentLocale()),
  });

const actionButton = (text: string, label: string, action: string, staffId: string) =>
  h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      'aria-label': label,
      'data-action': action,
      'data-staff-id': staffId,
    },
    text,
  );

/** `edit`: an entry's edit button was pressed. */
export const createRosterList = (page: RosterPage, edit: (entry: StaffMember) => void): RosterList => {
  const heading = byId('roster-heading');
  const rows = byId('roster-rows');
  const status = byId('roster-status');
  const refreshButton = byId<HTMLButtonElement>('roster-refresh');

  let roster: StaffMember[] = [];
  let state: ListState = 'idle';
  let problem: ReviewProblem | undefined;

  const isSelf = (entry: StaffMember): boolean => entry.staffId === page.who()?.staffId;

  const row = (entry: StaffMember): HTMLTableRowElement => {
    const name = { name: entry.displayName };
    const account = [
      h('strong', {}, entry.displayName, isSelf(entry) ? t('staff.you') : ''),
      h('span', { class: 'small' }, h('code', { class: 'subject' }, entry.subject)),
    ];
    // Someone signed in by another provider than the site's own: say which.
    const ownIssuer = page.defaultIssuer();
    if (ownIssuer && entry.issuer !== ownIssuer)
      account.push(h('span', { class: 'small' }, h('code', {}, entry.issuer)));
    const actions = [actionButton(t('staff.edit'), t('staff.edit.for', name), 'edit', entry.staffId)];
    // An administrator cannot lock themselves out (the API refuses it too): someone else must.
    if (!isSelf(entry)) {
      actions.push(
        entry.active
          ? actionButton(t('staff.deactivate'), t('staff.deactivate.for', name), 'deactivate', entry.staffId)
          : actionButton(t('staff.reactivate'), t('staff.reactivate.for', name), 'reactivate', entry.staffId),
      );
    }
    return h(
      'tr',
      {
        class: 'roster-row',
        'data-staff-id': entry.staffId,
        'data-subject': entry.subject,
        'data-active': String(entry.active),
      },
      labelledCell('col-applicant', t('staff.col.name'), ...account),
      labelledCell('col-role', t('staff.col.role'), roleLabel(entry.role)),
      labelledCell('col-counties', t('staff.col.counties'), countiesLabel(entry.counties)),
      // The reminder mobile, masked as the console masks applicants' phones; the editor shows it whole.
      labelledCell(
        'col-contact',
        t('staff.col.contact'),
        h('span', { class: 'staff-contact' }, entry.contact ? maskPhone(entry.contact) : '—'),
      ),
      labelledCell(
        'col-state',
        t('staff.col.state'),
        h(
          'span',
          { class: `badge ${entry.active ? 'state-active' : 'state-inactive'}` },
          t(entry.active ? 'staff.state.active' : 'staff.state.inactive'),
        ),
      ),
      labelledCell('col-changed', t('staff.col.changed'), changedBy(entry)),
      labelledCell('col-actions', t('staff.col.actions'), h('div', { class: 'roster-actions' }, ...actions)),
    );
  };

  const render = () => {
    setChildren(rows, ...roster.map(row));
    const active = roster.filter((entry) => entry.active).length;
    status.textContent = listStatusText(state, problem, roster.length, {
      loading: () => t('staff.roster.loading'),
      problem: problemText,
      empty: () => t('staff.roster.empty'),
      count: (count) => t('staff.roster.count', { count, active }),
    });
    refreshButton.disabled = state === 'loading';
  };

  const sort = () => roster.sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN'));

  const replace = (entry: StaffMember) => {
    roster = roster.some((e) => e.staffId === entry.staffId)
      ? roster.map((e) => (e.staffId === entry.staffId ? entry : e))
      : [...roster, entry];
    sort();
    render();
  };

  const load = async (): Promise<void> => {
    state = 'loading';
    problem = undefined;
    render();
    const listed = await listStaff();
    if (!page.who()) return;
    if (!listed.ok) {
      state = 'failed';
      problem = listed.problem;
      render();
      if (listed.problem.kind === 'forbidden') page.refused(listed.problem);
      return;
    }
    roster = listed.value;
    sort();
    state = 'loaded';
    render();
  };

  const focusRow = (staffId: string, action = 'edit') => {
    const button = rows.querySelector<HTMLButtonElement>(
      `button[data-staff-id="${CSS.escape(staffId)}"][data-action="${action}"]`,
    );
    (button ?? heading).focus();
  };

  const setActive = async (entry: StaffMember, active: boolean) => {
    const name = { name: entry.displayName };
    if (!window.confirm(t(active ? 'staff.reactivate.confirm' : 'staff.deactivate.confirm', name))) return;
    page.say(() => t('staff.sending'));
    const result = await changeStaff(entry.staffId, { active });
    if (!result.ok) {
      const failure = result.problem;
      if (failure.kind === 'forbidden' && page.refused(failure)) return;
      if (failure.kind === 'changed_meanwhile') {
        page.say(() => t('staff.changedMeanwhile'));
        return load();
      }
      return page.say(() => problemText(failure));
    }
    replace(result.value);
    page.say(() => t(active ? 'staff.reactivated' : 'staff.deactivated', { name: result.value.displayName }));
    focusRow(entry.staffId, active ? 'deactivate' : 'reactivate');
  };

  rows.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    const entry = roster.find((e) => e.staffId === button?.dataset.staffId);
    if (!button || !entry) return;
    if (button.dataset.action === 'edit') edit(entry);
    else void setActive(entry, button.dataset.action === 'reactivate');
  });
  refreshButton.addEventListener('click', () => void load());

  return {
    load,
    replace,
    focusRow,
    focusHeading: () => heading.focus(),
    relabel: render,
    reset: () => {
      roster = [];
      state = 'idle';
      problem = undefined;
      render();
    },
  };
};
