/**
 * The reviewer console (`/review`): sign in (staff/common/sign-in.ts: the union account, or a pasted token for
 * testing; the staff roster says who may review which counties), then the queue of applications in
 * those counties with single and bulk decisions, the members list and, for administrators, the audit
 * trail. Keyboard first for staff who decide hundreds a day.
 */

import { byId } from '../../common/dom';
import { currentLocale, onLocaleChange, startLanguage } from '../../common/i18n';
import { reviewProblemMessage } from '../common/api';
import { countiesOf } from '../common/format';
import { createSignIn } from '../common/sign-in';
import { type DecisionOutcome, decide, type FullApplication, type QueueItem } from './api';
import { createAudit } from './audit';
import type { Decision } from './bulk';
import { createBulkBar } from './bulk-bar';
import { createDetail } from './detail';
import { createDigestBanner } from './digest-banner';
import { t } from './i18n';
import { createMembers } from './members';
import { createQueue } from './queue';
import { wireShortcuts } from './shortcuts';

startLanguage();

const consoleBody = byId('console');
const shortcutsDialog = byId<HTMLDialogElement>('shortcuts');

// ——— Sign-in (shared with /reports) ———

const signIn = createSignIn({
  body: consoleBody,
  signedIn: (person, digest) => {
    byId('tab-audit').hidden = person.role !== 'admin';
    digestBanner.show(person.staffId, digest);
    queue.load(countiesOf(person));
    showTab('queue-panel');
  },
  signedOut: () => {
    if (shortcutsDialog.open) shortcutsDialog.close();
    digestBanner.reset();
    queue.reset();
    detail.reset();
    members.reset();
    audit.reset();
    bulk.reset();
    showTab('queue-panel');
  },
});

// ——— Tabs ———

const PANELS = ['queue-panel', 'members-panel', 'audit-panel'];
let shownPanel = 'queue-panel';

const showTab = (panel: string) => {
  shownPanel = panel;
  for (const id of PANELS) byId(id).hidden = id !== panel;
  for (const tab of Array.from(document.querySelectorAll<HTMLButtonElement>('#tabs .tab'))) {
    tab.setAttribute('aria-pressed', String(tab.dataset.panel === panel));
  }
  const who = signIn.who();
  if (!who) return;
  if (panel === 'members-panel') members.show(countiesOf(who), who.role === 'admin');
  if (panel === 'audit-panel') audit.show();
};

for (const tab of Array.from(document.querySelectorAll<HTMLButtonElement>('#tabs .tab'))) {
  tab.addEventListener('click', () => showTab(tab.dataset.panel ?? 'queue-panel'));
}

// ——— Queue, detail and decisions ———

const fromFull = (full: FullApplication): QueueItem => {
  const {
    phone: _phone,
    consentVersion: _v,
    consentAt: _c,
    locale: _l,
    screenedAt: _s,
    contacts: _contacts,
    calendar: _calendar,
    ...item
  } = full;
  return item;
};

const queue = createQueue({
  open: (id) => void detail.open(id),
  forbidden: (problem) => signIn.refused(problem),
  selectionChanged: (ids) => bulk.render(ids.length),
});

const detail = createDetail({
  approve: (id) => void decideOne(id, 'approve'),
  reject: (id, reason) => void decideOne(id, 'reject', reason),
  closed: () => queue.focusCurrent(),
  navigated: (id) => queue.setCurrent(id),
  contactLogged: (fresh) => queue.replaceItem(fromFull(fresh)),
});

const members = createMembers();

const digestBanner = createDigestBanner({
  showPending: () => {
    showTab('queue-panel');
    queue.showPending();
  },
});
const audit = createAudit();

/** After a decision, the keyboard goes on to the next application still waiting (if the list shows). */
const goOn = (id: string) => {
  if (queue.currentId() === id) queue.advance();
  const list = document.querySelector('.queue-list');
  if (list && (list as HTMLElement).offsetParent !== null) queue.focusCurrent();
};

const decideOne = async (id: string, decision: Decision, reason?: string) => {
  const pendingInDetail = detail.openId() === id && detail.record()?.status === 'pending_review';
  if (!queue.isPending(id) && !pendingInDetail) {
    queue.say(() => t('review.keys.notPending'));
    return;
  }
  const inDetail = detail.openId() === id;
  queue.setOutcome(id, { kind: 'deciding' });
  if (inDetail) detail.setBusy(true);
  const result = await decide(id, decision, reason);
  if (result.ok) {
    const outcome: DecisionOutcome = result.value;
    queue.setOutcome(
      id,
      outcome.status === 'approved'
        ? { kind: 'approved', ...(outcome.memberId ? { memberId: outcome.memberId } : {}) }
        : { kind: 'rejected' },
    );
    if (inDetail) detail.showOutcome(outcome, reason);
    else
      queue.say(() =>
        outcome.status === 'approved'
          ? t('review.decided.approved', { id, memberId: outcome.memberId ?? '' })
          : t('review.decided.rejected', { id }),
      );
    goOn(id);
    return;
  }
  const problem = result.problem;
  if (problem.kind === 'already_decided') {
    queue.setOutcome(id, { kind: 'elsewhere' });
    if (inDetail) {
      detail.showProblem(problem);
      // The detail was opened (and audited) already: read it again to show who decided and how.
      const fresh = await detail.reload();
      if (fresh) {
        queue.setOutcome(id, undefined);
        queue.replaceItem(fromFull(fresh));
        detail.showProblem(problem);
      }
    } else queue.say(() => `${id}: ${reviewProblemMessage(problem, currentLocale())}`);
    return;
  }
  queue.setOutcome(id, undefined);
  if (inDetail) detail.showProblem(problem);
  else queue.say(() => `${id}: ${reviewProblemMessage(problem, currentLocale())}`);
};

// ——— Bulk ———

const bulk = createBulkBar({ queue, detail, decidedBy: () => signIn.who()?.name ?? '' });

// ——— Keyboard ———

wireShortcuts({
  dialog: shortcutsDialog,
  active: () => signIn.who() !== undefined && !consoleBody.hidden,
  queueShown: () => shownPanel === 'queue-panel',
  showQueue: () => showTab('queue-panel'),
  queue,
  detail,
  approve: (id) => void decideOne(id, 'approve'),
});

// ——— Language ———

onLocaleChange(() => {
  signIn.relabel();
  digestBanner.relabel();
  queue.relabel();
  detail.relabel();
  members.relabel();
  audit.relabel();
  bulk.render();
});

// ——— Start ———

bulk.render();
void signIn.start();
