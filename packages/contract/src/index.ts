import './zod-settings';
export * from './common';
export * from './auth';
export * from './orders';
export * from './openapi';
export * from './integrations';
export * from './shipments';
