import { maskText } from '../pii/mask-text';
import { type ItemDraft } from './ingest-types';

/**
 * The door: every channel's free text (title, content, address, upstream reply and rating comment) with phone and ID numbers masked,
 * before the draft is hashed, stored or published. Pulled and pushed records alike pass here (IngestRepository),
 * so a new channel type cannot forget it. The reporter's own phone never reaches a draft in clear: mappers give
 * only the keyed hash and the masked form.
 */
export function maskDraft(draft: ItemDraft): ItemDraft {
  const masked: ItemDraft = { ...draft, content: maskText(draft.content) };
  if (draft.title !== undefined) masked.title = maskText(draft.title);
  if (draft.location.addressText !== undefined)
    masked.location = { ...draft.location, addressText: maskText(draft.location.addressText) };
  if (draft.upstream?.reply !== undefined)
    masked.upstream = { ...draft.upstream, reply: maskText(draft.upstream.reply) };
  if (masked.upstream?.satisfactionComment !== undefined)
    masked.upstream = {
      ...masked.upstream,
      satisfactionComment: maskText(masked.upstream.satisfactionComment),
    };
  return masked;
}
