// Export Expense (the Google Sheets v2 pattern: the operation's folder holds its description, its
// execute and the pipeline steps only it uses). Start reading at execute.ts.
export { description } from './description';
export { execute } from './execute';
