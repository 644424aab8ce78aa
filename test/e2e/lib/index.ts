// Real-n8n machinery for the e2e suite and the demo.
export * from './install';
export * from './n8n';
export * from './flatted';
export * from './package-info';
export * from './examples';
export * from './version';
