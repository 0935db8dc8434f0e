/** Adding someone whose account identifier is known (`#add`): the entry is on the roster at once. */

import { clearProblems, findControl, renderProblems } from '../common/form-view';
import { addStaff } from '../common/staff-api';
import { type RosterPage, submitForm } from './context';
import { newStaffFromForm } from './form';
import { emptyValues, setValues, staffFormView, valuesOf } from './form-controls';
import { t } from './i18n';
import type { RosterList } from './list';

export interface AddForm {
  /** The site's own issuer is known now: an empty issuer field starts with it. */
  issuerKnown(): void;
  relabel(): void;
  reset(): void;
}

export const createAddForm = (page: RosterPage, list: RosterList): AddForm => {
  const view = staffFormView('add');

  view.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitForm(
      page,
      view,
      newStaffFromForm(valuesOf(view), page.defaultIssuer()),
      (body) => addStaff(body),
      (added) => {
        list.replace(added);
        setValues(view, emptyValues(page.defaultIssuer()));
        page.say(() => t('staff.added', { name: added.displayName }));
        list.focusHeading();
      },
    );
  });

  return {
    issuerKnown: () => {
      const issuer = findControl(view, 'issuer');
      const own = page.defaultIssuer();
      if (issuer && !issuer.value && own) issuer.value = own;
    },
    relabel: () => renderProblems(view),
    reset: () => {
      clearProblems(view);
      setValues(view, emptyValues(page.defaultIssuer()));
    },
  };
};
