/**
 * The `/unions` page's forms as requests, checked by the very rules the API applies
 * (shared/domain/union.ts: validateNewUnion, validateUnionChange, validateTransfer, validateLeave), so a
 * problem shows beside its field before anything is sent. Pure: the page reads the controls into plain
 * values and shows the problems these answer (message codes of shared/domain/messages.ts).
 */
import {
  type BulkTransferInput,
  type LeaveInput,
  type NewUnionInput,
  type TransferInput,
  type UnionChangeInput,
  type UnionKind,
  validateLeave,
  validateNewUnion,
  validateTransfer,
  validateUnionChange,
} from '../../../../shared/domain/union';
import { type FormOutcome, formOutcome } from '../common/form-outcome';

/** What the set-up form's controls hold, as chosen and typed. */
export interface NewUnionValues {
  name: string;
  kind: string;
  county: string;
  platform: string;
  trade: string;
  setUpOn: string;
}

/** Which of the platform and trade controls a kind of union uses (a joint union: either one). */
export const coverageFields = (kind: string): { platform: boolean; trade: boolean } => ({
  platform: kind === 'platform' || kind === 'joint',
  trade: kind === 'industry' || kind === 'joint',
});

/**
 * `POST /api/unions`'s body. Only the coverage controls the kind uses are sent (a hidden control's
 * leftover choice never is); an empty one is left out, for the rules to ask for it.
 */
export const newUnionFromForm = (values: NewUnionValues): FormOutcome<NewUnionInput> => {
  const uses = coverageFields(values.kind);
  const body: Record<string, unknown> = {
    name: values.name.trim(),
    kind: values.kind || undefined,
    county: values.county || undefined,
    ...(uses.platform && values.platform ? { platform: values.platform } : {}),
    ...(uses.trade && values.trade ? { trade: values.trade } : {}),
    setUpOn: values.setUpOn.trim() || undefined,
  };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return formOutcome(validateNewUnion(body));
};

/** A rename: undefined when the name is the same as now (nothing to send). */
export const renameFromForm = (current: string, name: string): FormOutcome<UnionChangeInput> | undefined => {
  const typed = name.trim();
  if (typed === current) return undefined;
  return formOutcome(validateUnionChange({ name: typed }));
};

/** A dissolution, with the reason when one is given. */
export const dissolveFromForm = (reason: string): FormOutcome<UnionChangeInput> => {
  const typed = reason.trim();
  return formOutcome(validateUnionChange({ status: 'dissolved', ...(typed ? { reason: typed } : {}) }));
};

/** The bulk transfer of one platform's members into union `to` (the reason is required). */
export const bulkTransferFromForm = (
  to: string,
  platform: string,
  reason: string,
): FormOutcome<BulkTransferInput> =>
  formOutcome(validateTransfer({ to, platform, reason: reason.trim() }, true));

/** One member's transfer into union `to` (none chosen: the rules' "choose the union to move to"). */
export const transferFromForm = (to: string, reason: string): FormOutcome<TransferInput> =>
  formOutcome(validateTransfer({ to, reason: reason.trim() }));

/** A member leaving: the reason's code, and a note when one is typed. */
export const leaveFromForm = (reason: string, note: string): FormOutcome<LeaveInput> => {
  const typed = note.trim();
  return formOutcome(validateLeave({ ...(reason ? { reason } : {}), ...(typed ? { note: typed } : {}) }));
};

/** The kinds an administrator may set up (fallback unions are made by the system, one per county). */
export const KINDS_TO_SET_UP: ReadonlyArray<Exclude<UnionKind, 'fallback'>> = [
  'platform',
  'industry',
  'joint',
];
