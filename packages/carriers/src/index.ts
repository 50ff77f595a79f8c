export * from './connector';
export { createPostnlConnector, type PostnlConnection } from './postnl/connector';
export { POSTNL_STATUS_CODES, postnlStatus } from './postnl/status-map';
export { createDhlConnector, type DhlConnection } from './dhl/connector';
export { CARRIER_PRODUCTS, parcelProduct, type CarrierProduct } from './products';
