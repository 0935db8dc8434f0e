/**
 * Inviting someone whose account identifier is not known (`#invite`): a link, shown once, that puts
 * whoever redeems it on the roster with the role and counties chosen here.
 */
import { byId, formatDateTime } from '../../common/dom';
import { currentLocale } from '../../common/i18n';
import { clearProblems, findControl, renderProblems } from '../common/form-view';
import { type InvitationMade, makeInvitation } from '../common/staff-api';
import { type RosterPage, submitForm } from './context';
import { invitationFromForm, invitationLink } from './form';
import { emptyValues, setValues, staffFormView, valuesOf } from './form-controls';
import { type Key, t } from './i18n';

export interface InviteForm {
  relabel(): void;
  reset(): void;
}

export const createInviteForm = (page: RosterPage): InviteForm => {
  const view = staffFormView('invite');
  const result = byId('invite-result');
  const linkInput = byId<HTMLInputElement>('invite-link');
  const expires = byId('invite-expires');
  const copyButton = byId<HTMLButtonElement>('invite-copy');
  const copyStatus = byId('invite-copy-status');
  let invitation: InvitationMade | undefined;
  let copyMessage: Key | undefined;

  const render = () => {
    result.hidden = !invitation;
    linkInput.value = invitation ? invitationLink(window.location.origin, invitation.path) : '';
    expires.textContent = invitation
      ? t('staff.invite.expires', { time: formatDateTime(invitation.expiresAt, currentLocale()) })
      : '';
    copyStatus.textContent = copyMessage ? t(copyMessage) : '';
  };

  view.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitForm(
      page,
      view,
      invitationFromForm(valuesOf(view)),
      (body) => makeInvitation(body),
      (made) => {
        const name = findControl(view, 'displayName')?.value.trim() ?? '';
        invitation = made;
        copyMessage = undefined;
        render();
        setValues(view, emptyValues(page.defaultIssuer()));
        page.say(() => t('staff.invite.made', { name }));
        linkInput.focus();
        linkInput.select();
      },
    );
  });

  copyButton.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(linkInput.value);
      copyMessage = 'staff.invite.copied';
    } catch {
      linkInput.focus();
      linkInput.select();
      copyMessage = 'staff.invite.copyFailed';
    }
    render();
  });

  return {
    relabel: () => {
      renderProblems(view);
      render();
    },
    reset: () => {
      invitation = undefined;
      copyMessage = undefined;
      clearProblems(view);
      setValues(view, emptyValues(page.defaultIssuer()));
      render();
    },
  };
};
