export { createMagento2Connector } from './magento2-connector';
export { renderMagentoMessage, magentoErrorMessage } from './magento2-http';
