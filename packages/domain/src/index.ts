export * from './allocation';
export * from './fulfilment-status';
export * from './tracking-status';
export * from './suggest-split';
export * from './stock';
