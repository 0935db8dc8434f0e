/**
 * Changing an entry (`#editor`): name, role, counties and reminder mobile, as the roster has them; only
 * what differs is sent, and nothing at all when nothing does.
 */
import { byId } from '../../common/dom';
import { clearProblems, renderProblems } from '../common/form-view';
import { changeStaff, type StaffMember } from '../common/staff-api';
import { type RosterPage, submitForm } from './context';
import { formValuesOf, isEmptyChange, staffChangeFromForm } from './form';
import { emptyValues, setValues, staffFormView, valuesOf } from './form-controls';
import { t } from './i18n';
import type { RosterList } from './list';

export interface Editor {
  open(entry: StaffMember): void;
  /** Closes the editor; answers the entry it had open. */
  close(): StaffMember | undefined;
  relabel(): void;
  reset(): void;
}

export const createEditor = (page: RosterPage, list: RosterList): Editor => {
  const section = byId('editor');
  const heading = byId('editor-heading');
  const account = byId('editor-account');
  const view = staffFormView('edit');
  let editing: StaffMember | undefined;

  const renderAccount = () => {
    account.textContent = editing ? t('staff.editor.account', { subject: editing.subject }) : '';
  };

  const close = () => {
    const was = editing;
    editing = undefined;
    section.hidden = true;
    clearProblems(view);
    return was;
  };

  view.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const entry = editing;
    if (!entry) return;
    const checked = staffChangeFromForm(entry, valuesOf(view));
    if (checked.ok && isEmptyChange(checked.body)) {
      close();
      page.say(() => t('staff.editor.unchanged'));
      list.focusRow(entry.staffId);
      return;
    }
    void submitForm(
      page,
      view,
      checked,
      (change) => changeStaff(entry.staffId, change),
      (saved) => {
        close();
        list.replace(saved);
        page.say(() => t('staff.saved', { name: saved.displayName }));
        list.focusRow(saved.staffId);
      },
    );
  });

  byId('edit-cancel').addEventListener('click', () => {
    const was = close();
    if (was) list.focusRow(was.staffId);
  });

  return {
    open: (entry) => {
      editing = entry;
      clearProblems(view);
      setValues(view, formValuesOf(entry));
      renderAccount();
      section.hidden = false;
      section.scrollIntoView({ block: 'nearest' });
      heading.focus();
    },
    close,
    relabel: () => {
      renderProblems(view);
      renderAccount();
    },
    reset: () => {
      close();
      setValues(view, emptyValues(page.defaultIssuer()));
    },
  };
};
