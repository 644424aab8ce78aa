export * from './harness';
export * from './trigger-host';
export { HarnessCredentialsHelper } from './credentials-helper';
export * from './find';
