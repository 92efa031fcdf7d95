import { resolveStream, type KinesisOperation, type StreamSelector } from '../context.js';
import { removeTags } from '../domain/tags.js';

interface Input extends StreamSelector {
  TagKeys: string[];
}

/** RemoveTagsFromStream: removes the keys given; keys the stream does not have are ignored. */
export const removeTagsFromStream: KinesisOperation<Input, void> = async (deps, input, ctx) => {
  await removeTags(deps, await resolveStream(deps, input, ctx), input.TagKeys);
};
