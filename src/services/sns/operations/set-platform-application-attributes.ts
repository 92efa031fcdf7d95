import type { SetPlatformApplicationAttributesInput } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { APP_ATTRIBUTES, checkAttributes, loadApp, type AppDoc } from '../mobile.js';

export const setPlatformApplicationAttributes: SnsOperation<SetPlatformApplicationAttributesInput, void> = async (deps, input) => {
  const changes = checkAttributes(input.Attributes, APP_ATTRIBUTES);
  const { doc, app } = await loadApp(deps, input.PlatformApplicationArn);
  const next: AppDoc = { ...app, attributes: { ...app.attributes, ...changes } };
  await deps.store.updateDocument(doc, JSON.stringify(next));
};
