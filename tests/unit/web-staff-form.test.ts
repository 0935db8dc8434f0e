import { describe, expect, it } from 'vitest';
import { fieldMessage } from '../../shared/domain/messages';
import type { StaffMember } from '../../web/src/staff/common/staff-api';
import {
  formValuesOf,
  invitationFromForm,
  invitationLink,
  isEmptyChange,
  newStaffFromForm,
  orderedCounties,
  staffChangeFromForm,
} from '../../web/src/staff/roster/form';

const ISSUER = 'http://localhost:3000/oidc';

const reviewer: StaffMember = {
  staffId: 'c3RhZmY',
  issuer: ISSUER,
  subject: 'li',
  displayName: '李审核',
  role: 'reviewer',
  counties: ['ludian', 'zhaoyang'],
  active: true,
  updatedAt: '2026-11-30T02:00:00.000Z',
  updatedBy: 'admin',
};

const fieldsOf = (outcome: { ok: boolean; problems?: Array<{ field: string }> }) =>
  outcome.ok ? [] : (outcome.problems ?? []).map((p) => p.field).sort();

describe('the /staff forms as requests, by the API’s own rules', () => {
  it('adds a reviewer: trimmed, counties in the catalogue’s order, the site’s own issuer left to the API', () => {
    const outcome = newStaffFromForm(
      {
        subject: '  li ',
        issuer: ISSUER,
        displayName: ' 李审核 ',
        role: 'reviewer',
        counties: ['ludian', 'zhaoyang', 'ludian'],
      },
      ISSUER,
    );
    expect(outcome).toEqual({
      ok: true,
      body: { subject: 'li', displayName: '李审核', role: 'reviewer', counties: ['zhaoyang', 'ludian'] },
    });
  });

  it('sends another provider’s issuer, and none when the field is emptied', () => {
    const other = newStaffFromForm(
      {
        subject: 'x',
        issuer: ' https://sso.example.cn/realms/union ',
        displayName: 'X',
        role: 'admin',
        counties: [],
      },
      ISSUER,
    );
    expect(other.ok && other.body.issuer).toBe('https://sso.example.cn/realms/union');
    const empty = newStaffFromForm(
      { subject: 'x', issuer: '', displayName: 'X', role: 'admin', counties: [] },
      ISSUER,
    );
    expect(empty.ok && 'issuer' in empty.body).toBe(false);
  });

  it('gives an administrator every county, whatever boxes were left ticked', () => {
    const outcome = newStaffFromForm({ subject: 'a', displayName: 'A', role: 'admin', counties: ['ludian'] });
    expect(outcome.ok && outcome.body.counties).toBe('*');
  });

  it('names each field the rules refuse, with the rule’s message code', () => {
    const outcome = newStaffFromForm({
      subject: '',
      issuer: 'ftp://x',
      displayName: '',
      role: 'reviewer',
      counties: [],
    });
    expect(fieldsOf(outcome)).toEqual(['counties', 'displayName', 'issuer', 'subject']);
    expect(outcome.ok ? [] : outcome.problems).toContainEqual({ field: 'subject', code: 'staff.subject' });
    for (const problem of outcome.ok ? [] : outcome.problems)
      expect(fieldMessage(problem.code, 'zh-CN'), problem.code).not.toBe(problem.code);
    expect(
      fieldsOf(newStaffFromForm({ subject: 'has space', displayName: 'A', role: 'admin', counties: [] })),
    ).toEqual(['subject']);
    expect(
      fieldsOf(newStaffFromForm({ subject: 'a', displayName: 'A'.repeat(61), role: 'admin', counties: [] })),
    ).toEqual(['displayName']);
    expect(
      fieldsOf(newStaffFromForm({ subject: 'a', displayName: 'A', role: 'owner', counties: ['zhaoyang'] })),
    ).toEqual(['role']);
    expect(
      fieldsOf(
        newStaffFromForm({ subject: 'a', displayName: 'A', role: 'reviewer', counties: ['atlantis'] }),
      ),
    ).toEqual(['counties']);
  });

  it('makes an invitation: the entry its redeemer gets', () => {
    expect(invitationFromForm({ displayName: ' 王新人', role: 'reviewer', counties: ['shuifu'] })).toEqual({
      ok: true,
      body: { displayName: '王新人', role: 'reviewer', counties: ['shuifu'] },
    });
    expect(fieldsOf(invitationFromForm({ displayName: '', role: 'reviewer', counties: [] }))).toEqual([
      'counties',
      'displayName',
    ]);
    expect(invitationLink('http://127.0.0.1:3000', '/review#invitation=abc')).toBe(
      'http://127.0.0.1:3000/review#invitation=abc',
    );
  });

  it('changes only what differs from the entry as listed', () => {
    const unchanged = staffChangeFromForm(reviewer, formValuesOf(reviewer));
    expect(unchanged).toEqual({ ok: true, body: {} });
    expect(unchanged.ok && isEmptyChange(unchanged.body)).toBe(true);
    expect(
      staffChangeFromForm(reviewer, { ...formValuesOf(reviewer), displayName: '李审核（鲁甸）' }),
    ).toEqual({
      ok: true,
      body: { displayName: '李审核（鲁甸）' },
    });
    expect(staffChangeFromForm(reviewer, { ...formValuesOf(reviewer), counties: ['ludian'] })).toEqual({
      ok: true,
      body: { counties: ['ludian'] },
    });
    expect(staffChangeFromForm(reviewer, { ...formValuesOf(reviewer), role: 'admin' })).toEqual({
      ok: true,
      body: { role: 'admin' },
    });
    expect(fieldsOf(staffChangeFromForm(reviewer, { ...formValuesOf(reviewer), counties: [] }))).toEqual([
      'counties',
    ]);
    expect(fieldsOf(staffChangeFromForm(reviewer, { ...formValuesOf(reviewer), displayName: '  ' }))).toEqual(
      ['displayName'],
    );
  });

  it('sends a former administrator’s counties with the change of role, as the API requires', () => {
    const admin: StaffMember = { ...reviewer, role: 'admin', counties: '*' };
    expect(formValuesOf(admin).counties).toEqual([]);
    expect(
      staffChangeFromForm(admin, { ...formValuesOf(admin), role: 'reviewer', counties: ['weixin'] }),
    ).toEqual({
      ok: true,
      body: { role: 'reviewer', counties: ['weixin'] },
    });
    expect(fieldsOf(staffChangeFromForm(admin, { ...formValuesOf(admin), role: 'reviewer' }))).toEqual([
      'counties',
    ]);
  });

  it('ticks every box for a reviewer of every county, and sends nothing when they stay ticked', () => {
    const everywhere: StaffMember = { ...reviewer, counties: '*' };
    const values = formValuesOf(everywhere);
    expect(values.counties).toHaveLength(11);
    expect(staffChangeFromForm(everywhere, values)).toEqual({ ok: true, body: {} });
  });

  it('orders counties as the catalogue does, each once, unknown ones last', () => {
    expect(orderedCounties(['shuifu', 'zhaoyang', 'x', 'shuifu', 'ludian'])).toEqual([
      'zhaoyang',
      'ludian',
      'shuifu',
      'x',
    ]);
  });
});

describe('the reminder mobile (contact) in the /staff forms', () => {
  const withContact: StaffMember = { ...reviewer, contact: '13800138000' };

  it('adds someone with a mobile, normalised to 11 digits, and without one when the field is empty', () => {
    const values = { subject: 'li', displayName: '李审核', role: 'reviewer', counties: ['zhaoyang'] };
    const set = newStaffFromForm({ ...values, contact: ' +86 138-0013-8000 ' });
    expect(set).toEqual({
      ok: true,
      body: {
        subject: 'li',
        displayName: '李审核',
        role: 'reviewer',
        counties: ['zhaoyang'],
        contact: '13800138000',
      },
    });
    const empty = newStaffFromForm({ ...values, contact: '  ' });
    expect(empty.ok && 'contact' in empty.body).toBe(false);
  });

  it('refuses what is not a mainland mobile, beside the field, with the API’s message', () => {
    const values = { subject: 'li', displayName: '李审核', role: 'reviewer', counties: ['zhaoyang'] };
    for (const contact of ['li@example.cn', '0870-2123456', '1380013800', '12000000000']) {
      const outcome = newStaffFromForm({ ...values, contact });
      expect(outcome, contact).toEqual({
        ok: false,
        problems: [{ field: 'contact', code: 'staff.contact' }],
      });
    }
    expect(fieldMessage('staff.contact', 'zh-CN')).toContain('手机号');
    const change = staffChangeFromForm(withContact, { ...formValuesOf(withContact), contact: '138001380' });
    expect(change).toEqual({ ok: false, problems: [{ field: 'contact', code: 'staff.contact' }] });
  });

  it('starts the editor with the mobile, and sends nothing when it is left as it was', () => {
    expect(formValuesOf(withContact).contact).toBe('13800138000');
    expect(formValuesOf(reviewer).contact).toBe('');
    expect(staffChangeFromForm(withContact, formValuesOf(withContact))).toEqual({ ok: true, body: {} });
    expect(staffChangeFromForm(reviewer, formValuesOf(reviewer))).toEqual({ ok: true, body: {} });
    // The same number written another way is no change.
    expect(
      staffChangeFromForm(withContact, { ...formValuesOf(withContact), contact: '+86 138 0013 8000' }),
    ).toEqual({ ok: true, body: {} });
  });

  it('sets or replaces the mobile in an edit', () => {
    expect(staffChangeFromForm(reviewer, { ...formValuesOf(reviewer), contact: '139 0000 1111' })).toEqual({
      ok: true,
      body: { contact: '13900001111' },
    });
    expect(
      staffChangeFromForm(withContact, { ...formValuesOf(withContact), contact: '13900001111' }),
    ).toEqual({ ok: true, body: { contact: '13900001111' } });
  });

  it('removes the mobile when the field is emptied (contact: null)', () => {
    expect(staffChangeFromForm(withContact, { ...formValuesOf(withContact), contact: ' ' })).toEqual({
      ok: true,
      body: { contact: null },
    });
  });

  it('leaves the contact alone when the form has no such field (the invitation form)', () => {
    const { contact: _none, ...noField } = formValuesOf(withContact);
    expect(staffChangeFromForm(withContact, noField)).toEqual({ ok: true, body: {} });
    expect(
      invitationFromForm({
        displayName: '王新人',
        role: 'reviewer',
        counties: ['shuifu'],
        contact: '13800138000',
      }),
    ).toEqual({ ok: true, body: { displayName: '王新人', role: 'reviewer', counties: ['shuifu'] } });
  });
});
