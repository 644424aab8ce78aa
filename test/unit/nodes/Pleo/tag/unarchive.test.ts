// Tag › Unarchive against a stub PleoClient: the cases shared with Tag › Archive (archiveFlag.cases.ts).
import * as op from '../../../../../nodes/Pleo/actions/tag/unarchive.operation';
import { describeArchiveFlag } from './archiveFlag.cases';

describeArchiveFlag('Unarchive', op, false);
