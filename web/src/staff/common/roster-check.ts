/**
 * What the roster says of a signed-in account (`GET /api/staff/me`), once the invitation this tab holds,
 * if any, has been redeemed: staff (with today's digest), signed in but not on the roster (with why the
 * invitation could not be used), or the check failed.
 */
import type { StaffDigest } from '../../../../shared/domain/digest';
import { fieldMessages } from '../../../../shared/domain/messages';
import type { ReviewProblem } from './api';
import type { Key } from './i18n';
import { forgetInvitation, pendingInvitation } from './invitation';
import type { KeyValueStorage } from './session';
import { getMe, type Me, redeemInvitation, type StaffMember } from './staff-api';

export type RosterAnswer =
  /** `notice`: what to say once signed in (an invitation left unused, for the person it was meant for). */
  | { kind: 'staff'; staff: StaffMember; digest?: StaffDigest; notice?: Key }
  | { kind: 'not-staff'; me: Me; invitationProblem?: Key }
  | { kind: 'failed'; problem: ReviewProblem }
  /** No longer wanted: signed out meanwhile (a 401 does that), or another sign-in started. */
  | { kind: 'dropped' };

/** A 400 on redeeming names the code either way; this tells "already on the list" from "no such invitation". */
const isAlreadyOnList = (problem: ReviewProblem): boolean =>
  problem.kind === 'invalid' &&
  Object.values(fieldMessages['staff.already'] ?? {}).includes(problem.fields.code ?? '');

const answerOf = (me: Me, notes: { notice?: Key; invitationProblem?: Key } = {}): RosterAnswer =>
  me.staff
    ? {
        kind: 'staff',
        staff: me.staff,
        ...(me.digest ? { digest: me.digest } : {}),
        ...(notes.notice ? { notice: notes.notice } : {}),
      }
    : {
        kind: 'not-staff',
        me,
        ...(notes.invitationProblem ? { invitationProblem: notes.invitationProblem } : {}),
      };

/** `stillWanted`: checked after each answer, so that a sign-in given up meanwhile goes no further. */
export const checkRoster = async (
  storage: KeyValueStorage | undefined,
  stillWanted: () => boolean,
): Promise<RosterAnswer> => {
  const me = await getMe();
  if (!stillWanted()) return { kind: 'dropped' };
  if (!me.ok) return { kind: 'failed', problem: me.problem };
  const code = pendingInvitation(storage);
  if (!code) return answerOf(me.value);
  if (me.value.staff) {
    forgetInvitation(storage);
    return answerOf(me.value, { notice: 'staffNotice.invitationNotUsed' });
  }
  const redeemed = await redeemInvitation(code);
  if (!stillWanted()) return { kind: 'dropped' };
  if (!redeemed.ok && redeemed.problem.kind !== 'invalid')
    return { kind: 'failed', problem: redeemed.problem };
  forgetInvitation(storage);
  if (!redeemed.ok) {
    const invitationProblem = isAlreadyOnList(redeemed.problem)
      ? 'notStaff.invitationAlready'
      : 'notStaff.invitationInvalid';
    return answerOf(me.value, { invitationProblem });
  }
  const again = await getMe();
  if (!stillWanted()) return { kind: 'dropped' };
  return again.ok ? answerOf(again.value) : { kind: 'failed', problem: again.problem };
};
