import { describe, expect, it } from 'vitest';
import { applicantName, flagLabel } from '../../web/src/staff/review/format';

describe('how the console words an application', () => {
  it('names the flags reviewers must act on, the ID number conflict included', () => {
    expect(flagLabel('id_conflict')).toBe('身份证号冲突：另有申请或会员使用同一身份证号，请核对身份证原件');
    expect(flagLabel('phone_reused')).toBe('手机号与其他申请重复，请打电话核实');
    expect(flagLabel('something_new')).toBe('提醒：something_new');
  });

  it('names the applicant, or once approved (the name went to the member record) the member number', () => {
    const id = 'A261130-7K3M9QXZ';
    expect(applicantName({ applicationId: id, fullName: '王小明' })).toBe('王小明');
    expect(applicantName({ applicationId: id, memberId: 'M261130-2B4C6D8F' })).toBe('会员 M261130-2B4C6D8F');
    expect(applicantName({ applicationId: id })).toBe(id);
  });
});
