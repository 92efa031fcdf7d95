import type { GetSMSSandboxAccountStatusInput, GetSMSSandboxAccountStatusResult } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';

/** A self-hosted account is out of the sandbox: it may "text" any number (every text is only recorded). */
export const getSMSSandboxAccountStatus: SnsOperation<GetSMSSandboxAccountStatusInput, GetSMSSandboxAccountStatusResult> = async () => ({ IsInSandbox: false });
