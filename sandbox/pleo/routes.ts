// The Pleo sandbox's API: the route table (router.ts) with every area's routes registered, in
// this order (the first route whose method and path match answers).
import './routes-export';
import './routes-tags';
import './routes-accounts';
import './routes-taxcodes';
import './routes-entries';
import './routes-subscriptions';

export { dispatch, WEBHOOK_EVENT_TYPES, type ApiRequest, type ApiResult } from './router';
