import { resolveStream, type KinesisOperation, type StreamSelector } from '../context.js';
import { addTags } from '../domain/tags.js';

interface Input extends StreamSelector {
  Tags: Record<string, string>;
}

/** AddTagsToStream: adds or overwrites tags; a stream holds at most 50. */
export const addTagsToStream: KinesisOperation<Input, void> = async (deps, input, ctx) => {
  await addTags(deps, await resolveStream(deps, input, ctx), input.Tags);
};
