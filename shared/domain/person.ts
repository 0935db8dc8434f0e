/**
 * One person, known only by the keyed hash of their ID number: their open applications (each with the
 * keyed hash of the phone it proved) and, once approved, their membership. Intake reads it to tell
 * "the same person again" from "someone else with this ID number"; decisions keep it exact, so one ID
 * number never has two members.
 */
export interface PersonRecord {
  idHash: string;
  /** Optimistic lock: every change is conditional on the version it read. 0 when there is no item yet. */
  version: number;
  /** Open (submitted or pending review) applications: application id → phone hash. */
  open: Record<string, string>;
  memberId?: string;
  memberApplicationId?: string;
  memberPhoneHash?: string;
}

export const noPerson = (idHash: string): PersonRecord => ({ idHash, version: 0, open: {} });

export type PersonMatch =
  /** The same ID number and the same proven phone as an open application or the membership. */
  | { kind: 'same'; applicationId: string; memberId?: string }
  /** A new application; `others` are this ID number's other records (an id_conflict when not empty). */
  | { kind: 'new'; others: string[] };

/** Application ids sort by submission day, then at random: the earliest first. */
const earliest = (ids: string[]) => [...ids].sort()[0];

export const matchPerson = (person: PersonRecord, phoneHash: string): PersonMatch => {
  if (person.memberApplicationId && person.memberPhoneHash === phoneHash) {
    return {
      kind: 'same',
      applicationId: person.memberApplicationId,
      ...(person.memberId ? { memberId: person.memberId } : {}),
    };
  }
  const sameOpen = earliest(
    Object.entries(person.open)
      .filter(([, phone]) => phone === phoneHash)
      .map(([id]) => id),
  );
  if (sameOpen) return { kind: 'same', applicationId: sameOpen };
  return { kind: 'new', others: otherRecords(person, undefined) };
};

/** This ID number's records other than `applicationId`: the member's application and open applications. */
export const otherRecords = (person: PersonRecord, applicationId: string | undefined): string[] => {
  const ids = new Set(Object.keys(person.open));
  if (person.memberApplicationId) ids.add(person.memberApplicationId);
  if (applicationId) ids.delete(applicationId);
  return [...ids].sort();
};
