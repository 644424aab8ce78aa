import { tagArchiveOperation } from '../../helpers/tags';

// the tags of all input items, in batches of up to 100 (helpers/tags.ts)
export const { description, execute } = tagArchiveOperation('unarchive', false);
