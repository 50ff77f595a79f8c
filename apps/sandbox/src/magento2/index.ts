export { magento2Sandbox, type Magento2SandboxOptions, type Magento2SandboxState } from './magento2-sandbox';
export { MagentoStore, magentoDate } from './store';
export type { MagentoOrder, MagentoOrderItem, MagentoShipment, MagentoTrack, MagentoStatusHistory } from './store';
