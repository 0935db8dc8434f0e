import { describe, expect, it } from 'vitest';
import {
  firstAdminCommand,
  parseMe,
  parseStaffMember,
  shellWord,
  signedInFrom,
} from '../../web/src/staff/common/staff-api';

const entry = {
  staffId: 'c3RhZmY',
  issuer: 'http://localhost:3000/oidc',
  subject: 'li',
  displayName: '李审核',
  role: 'reviewer',
  counties: ['zhaoyang'],
  active: true,
  updatedAt: '2026-11-30T02:00:00.000Z',
  updatedBy: 'admin',
};

describe('the roster’s answers, as the staff pages read them', () => {
  it('reads a roster entry, and an administrator as every county', () => {
    expect(parseStaffMember(entry)).toEqual(entry);
    expect(parseStaffMember({ ...entry, role: 'admin', counties: ['zhaoyang'] })?.counties).toBe('*');
    expect(parseStaffMember({ ...entry, role: 'owner' })).toBeUndefined();
    expect(parseStaffMember({ ...entry, counties: 'zhaoyang' })).toBeUndefined();
    expect(parseStaffMember({ ...entry, active: 'yes' })).toBeUndefined();
    expect(parseStaffMember(null)).toBeUndefined();
  });

  it('reads who am I: signed in and staff, or signed in and not (yet) staff', () => {
    const identity = { issuer: entry.issuer, subject: 'li', displayName: '李审核' };
    expect(parseMe({ identity, staff: entry })).toEqual({ identity, staff: entry });
    expect(parseMe({ identity, staff: null })).toEqual({ identity, staff: null });
    // With no name to show, the subject stands in.
    expect(parseMe({ identity: { ...identity, displayName: '' }, staff: null })?.identity.displayName).toBe(
      'li',
    );
    expect(parseMe({ identity: { issuer: entry.issuer }, staff: null })).toBeUndefined();
    expect(parseMe({ identity, staff: { ...entry, role: 'x' } })).toBeUndefined();
    expect(parseMe({ staff: null })).toBeUndefined();
  });

  it('takes the role and counties from the roster entry, and the expiry from the token', () => {
    const staff = parseStaffMember(entry);
    if (!staff) throw new Error('no entry');
    expect(signedInFrom(staff, 1_800_000_000_000)).toEqual({
      staffId: 'c3RhZmY',
      name: '李审核',
      role: 'reviewer',
      counties: ['zhaoyang'],
      expiresAt: 1_800_000_000_000,
    });
    expect(signedInFrom(staff, undefined)).not.toHaveProperty('expiresAt');
  });
});

describe('the first administrator’s command on the not-on-the-list screen', () => {
  it('is npm run staff against the local stack', () => {
    expect(
      firstAdminCommand({ issuer: 'http://localhost:3000/oidc', subject: 'alice', displayName: 'alice' }),
    ).toBe('npm run staff -- add --subject alice --role admin --name alice');
  });

  it('names the table and the issuer for a deployed stack, and quotes what a shell would split', () => {
    expect(
      firstAdminCommand({
        issuer: 'https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_AbC',
        subject: '3f2c0c1e-aaaa',
        displayName: "王主任 O'Neil",
      }),
    ).toBe(
      "npm run staff -- add --table TABLE_NAME --issuer https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_AbC --subject 3f2c0c1e-aaaa --role admin --name '王主任 O'\\''Neil'",
    );
    expect(shellWord('a$(rm -rf ~)')).toBe("'a$(rm -rf ~)'");
    expect(shellWord('user@example.cn')).toBe('user@example.cn');
  });
});
