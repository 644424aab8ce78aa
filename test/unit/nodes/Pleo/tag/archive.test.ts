// Tag › Archive against a stub PleoClient: the cases shared with Tag › Unarchive (archiveFlag.cases.ts).
import * as op from '../../../../../nodes/Pleo/actions/tag/archive.operation';
import { describeArchiveFlag } from './archiveFlag.cases';

describeArchiveFlag('Archive', op, true);
