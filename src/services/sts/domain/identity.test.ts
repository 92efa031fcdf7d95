import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerIdentity, isWellFormedArn, parseRoleArn, roleId } from './identity.js';

test('role ARNs: account, path and name; anything else is not a role', () => {
  assert.deepEqual(parseRoleArn('arn:aws:iam::123456789012:role/app'), { accountId: '123456789012', path: '/', name: 'app', arn: 'arn:aws:iam::123456789012:role/app' });
  assert.deepEqual(parseRoleArn('arn:aws:iam::123456789012:role/a/b/app+x')?.path, '/a/b/');
  for (const arn of ['arn:aws:iam::123456789012:user/app', 'arn:aws:iam:123456789012:role/app', 'arn:aws:iam::12345678901:role/app', 'arn:aws:sts::123456789012:role/app', `arn:aws:iam::123456789012:role/${'r'.repeat(65)}`]) {
    assert.equal(parseRoleArn(arn), undefined, arn);
  }
});

test('ARNs at all: partition, service and resource present (AWS refuses the rest as "<arn> is invalid")', () => {
  for (const arn of ['arn:aws:iam::123456789012:user/app', 'arn:a:b:::x', 'arn:aws:iam::123456789012:role/a:b']) assert.equal(isWellFormedArn(arn), true, arn);
  for (const arn of ['nothing-valid-in-here', 'arn::b:::something/test-role', 'arn:a::::something/test-role', 'arn:a:::something/test-role', 'arn:a:a::aaaaaaaaaa:', 'aws:a:b:::x']) {
    assert.equal(isWellFormedArn(arn), false, arn);
  }
});

test('identities: an account key is its root; a role session its assumed-role ARN with a stable AROA id', () => {
  assert.deepEqual(callerIdentity('111111111111', undefined), { UserId: '111111111111', Account: '111111111111', Arn: 'arn:aws:iam::111111111111:root' });
  const role = { accessKeyId: 'ASIA', accountId: '222222222222', issuedAt: 0, expiresAt: 1, role: { name: 'app', path: '/', sessionName: 's1' } };
  const id = callerIdentity('111111111111', role);
  assert.equal(id.Arn, 'arn:aws:sts::222222222222:assumed-role/app/s1');
  assert.match(id.UserId, /^AROA[A-Z2-7]{17}:s1$/);
  assert.equal(roleId('222222222222', 'app'), roleId('222222222222', 'app'));
  assert.notEqual(roleId('222222222222', 'app'), roleId('333333333333', 'app'));
});
