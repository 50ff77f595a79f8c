export * from './allocation';
export * from './fulfilment-status';
