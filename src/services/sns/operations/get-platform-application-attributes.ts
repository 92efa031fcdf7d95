import type { GetPlatformApplicationAttributesInput, GetPlatformApplicationAttributesResponse } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { appAttributesView, loadApp } from '../mobile.js';

export const getPlatformApplicationAttributes: SnsOperation<GetPlatformApplicationAttributesInput, GetPlatformApplicationAttributesResponse> = async (deps, input) => {
  const { app } = await loadApp(deps, input.PlatformApplicationArn);
  return { Attributes: appAttributesView(app) };
};
