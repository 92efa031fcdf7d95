import { accountOfAccessKeyId } from '../domain/access-key-id.js';
import { checkConstraints, type StsOperation } from '../context.js';
import { shapes } from '../model-shapes.js';

/**
 * The account an access key id belongs to. AWS reads it out of the id itself; so does Switchyard
 * for ids in AWS's format (its own temporary ones among them), after the keys of the credentials
 * file (whose ids the operator chose) and the 12-digit ids that name their account. Any other id
 * is the default account's, as it would be when signing a request.
 */
export const getAccessKeyInfo: StsOperation<{ AccessKeyId: string }, { Account: string }> = async (deps, input) => {
  checkConstraints(shapes.getAccessKeyInfoRequest, input);
  const id = input.AccessKeyId;
  const account = deps.listedKeyAccount(id) ?? (/^\d{12}$/.test(id) ? id : accountOfAccessKeyId(id)) ?? deps.defaultAccountId;
  return { Account: account };
};
