export * from './common';
export * from './auth';
export * from './orders';
export * from './openapi';
