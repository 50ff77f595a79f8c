/**
 * The GraphQL documents the connector sends, and the shapes it reads back. Nested page sizes are
 * chosen so a query's requested cost stays well under Shopify's single-query limit of 1000 points
 * (object 1, connection 2 + first × node cost); orders with more lines or fulfillments than fit are
 * completed by follow-up queries.
 */

export const LINES_PER_ORDER = 25;
export const FULFILLMENTS_PER_ORDER = 5;
export const LINES_PER_FULFILLMENT = 10;
/**
 * Requested cost of one order in ORDER_FIELDS: order, customer, shippingAddress (3) + lineItems
 * (2 + 25 × 7: line, price set, shop money, variant, inventory item, measurement, weight) +
 * fulfillments (5 × (fulfillment, tracking info, 2 + 10 × (fulfillment line item, line item))).
 */
export const ORDER_QUERY_COST = 3 + (2 + LINES_PER_ORDER * 7) + FULFILLMENTS_PER_ORDER * (2 + 2 + LINES_PER_FULFILLMENT * 2);
export const SINGLE_QUERY_MAX_COST = 1000;

const LINE_FIELDS = /* GraphQL */ `
  id
  sku
  name
  quantity
  currentQuantity
  originalUnitPriceSet {
    shopMoney {
      amount
      currencyCode
    }
  }
  variant {
    inventoryQuantity
    inventoryItem {
      harmonizedSystemCode
      countryCodeOfOrigin
      measurement {
        weight {
          value
          unit
        }
      }
    }
  }
`;

const FULFILLMENT_FIELDS = /* GraphQL */ `
  id
  status
  trackingInfo(first: 1) {
    number
    company
    url
  }
  fulfillmentLineItems(first: $fulfillmentLines, after: $fulfillmentLinesAfter) {
    nodes {
      quantity
      lineItem {
        id
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
`;

const ORDER_FIELDS = /* GraphQL */ `
  fragment ShipdeskOrder on Order {
    id
    name
    createdAt
    updatedAt
    cancelledAt
    email
    customer {
      displayName
    }
    shippingAddress {
      name
      address1
      address2
      zip
      city
      countryCodeV2
    }
    lineItems(first: ${LINES_PER_ORDER}) {
      nodes {
        ${LINE_FIELDS}
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
    fulfillments(first: ${FULFILLMENTS_PER_ORDER}) {
      ${FULFILLMENT_FIELDS.replace('first: $fulfillmentLines, after: $fulfillmentLinesAfter', `first: ${LINES_PER_FULFILLMENT}`)}
    }
  }
`;

export const LIST_ORDERS = /* GraphQL */ `
  query ShipdeskListOrders($first: Int!, $after: String, $query: String) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        ...ShipdeskOrder
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  ${ORDER_FIELDS}
`;

export const GET_ORDER = /* GraphQL */ `
  query ShipdeskGetOrder($id: ID!) {
    order(id: $id) {
      ...ShipdeskOrder
    }
  }
  ${ORDER_FIELDS}
`;

export const ORDER_LINES = /* GraphQL */ `
  query ShipdeskOrderLines($id: ID!, $after: String) {
    order(id: $id) {
      lineItems(first: 100, after: $after) {
        nodes {
          ${LINE_FIELDS}
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

export const ORDER_FULFILLMENT_IDS = /* GraphQL */ `
  query ShipdeskOrderFulfillmentIds($id: ID!) {
    order(id: $id) {
      fulfillments(first: 250) {
        id
      }
    }
  }
`;

export const GET_FULFILLMENT = /* GraphQL */ `
  query ShipdeskGetFulfillment($id: ID!, $fulfillmentLines: Int!, $fulfillmentLinesAfter: String) {
    fulfillment(id: $id) {
      ${FULFILLMENT_FIELDS}
    }
  }
`;

export const ORDER_FULFILLMENT_ORDERS = /* GraphQL */ `
  query ShipdeskFulfillmentOrders($id: ID!, $after: String) {
    order(id: $id) {
      id
      name
      cancelledAt
      fulfillmentOrders(first: 10, after: $after) {
        nodes {
          id
          status
          fulfillmentHolds {
            id
            reason
            handle
          }
          lineItems(first: 25) {
            nodes {
              id
              remainingQuantity
              totalQuantity
              lineItem {
                id
              }
            }
            pageInfo {
              hasNextPage
              endCursor
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

export const FULFILLMENT_ORDER_LINES = /* GraphQL */ `
  query ShipdeskFulfillmentOrderLines($id: ID!, $after: String) {
    fulfillmentOrder(id: $id) {
      lineItems(first: 100, after: $after) {
        nodes {
          id
          remainingQuantity
          totalQuantity
          lineItem {
            id
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

export const FULFILLMENT_CREATE = /* GraphQL */ `
  mutation ShipdeskFulfillmentCreate($fulfillment: FulfillmentInput!, $message: String) {
    fulfillmentCreate(fulfillment: $fulfillment, message: $message) {
      fulfillment {
        id
        status
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const TRACKING_UPDATE = /* GraphQL */ `
  mutation ShipdeskTrackingUpdate($fulfillmentId: ID!, $trackingInfoInput: FulfillmentTrackingInput!, $notifyCustomer: Boolean) {
    fulfillmentTrackingInfoUpdate(fulfillmentId: $fulfillmentId, trackingInfoInput: $trackingInfoInput, notifyCustomer: $notifyCustomer) {
      fulfillment {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const EVENT_CREATE = /* GraphQL */ `
  mutation ShipdeskFulfillmentEvent($fulfillmentEvent: FulfillmentEventInput!) {
    fulfillmentEventCreate(fulfillmentEvent: $fulfillmentEvent) {
      fulfillmentEvent {
        id
        status
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const HOLD = /* GraphQL */ `
  mutation ShipdeskHold($id: ID!, $fulfillmentHold: FulfillmentOrderHoldInput!) {
    fulfillmentOrderHold(id: $id, fulfillmentHold: $fulfillmentHold) {
      fulfillmentHold {
        id
      }
      fulfillmentOrder {
        id
        status
      }
      remainingFulfillmentOrder {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const RELEASE_HOLD = /* GraphQL */ `
  mutation ShipdeskReleaseHold($id: ID!, $holdIds: [ID!]) {
    fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) {
      fulfillmentOrder {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/** How many SKUs go into one productVariants search (`sku:A OR sku:B …`). */
export const SKUS_PER_STOCK_QUERY = 50;

export const VARIANT_STOCK = /* GraphQL */ `
  query ShipdeskStock($first: Int!, $after: String, $query: String!) {
    productVariants(first: $first, after: $after, query: $query) {
      nodes {
        sku
        inventoryQuantity
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export interface RawVariantStock {
  sku: string | null;
  inventoryQuantity: number | null;
}

export interface Page {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface RawLine {
  id: string;
  sku: string | null;
  name: string;
  quantity: number;
  currentQuantity: number;
  originalUnitPriceSet: { shopMoney: { amount: string; currencyCode: string } };
  variant: {
    /** Available to sell, net of unfulfilled orders; null when the shop does not track it. */
    inventoryQuantity?: number | null;
    inventoryItem: {
      harmonizedSystemCode: string | null;
      countryCodeOfOrigin: string | null;
      measurement: { weight: { value: number; unit: 'GRAMS' | 'KILOGRAMS' | 'OUNCES' | 'POUNDS' } | null };
    };
  } | null;
}

export interface RawFulfillment {
  id: string;
  status: string;
  trackingInfo: { number: string | null; company: string | null; url: string | null }[];
  fulfillmentLineItems: { nodes: { quantity: number | null; lineItem: { id: string } }[]; pageInfo: Page };
}

export interface RawOrder {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  email: string | null;
  customer: { displayName: string } | null;
  shippingAddress: { name: string | null; address1: string | null; address2: string | null; zip: string | null; city: string | null; countryCodeV2: string | null } | null;
  lineItems: { nodes: RawLine[]; pageInfo: Page };
  fulfillments: RawFulfillment[];
}

export interface RawFulfillmentOrderLine {
  id: string;
  remainingQuantity: number;
  totalQuantity: number;
  lineItem: { id: string };
}

export interface RawFulfillmentOrder {
  id: string;
  status: string;
  fulfillmentHolds: { id: string; reason: string; handle: string | null }[];
  lineItems: { nodes: RawFulfillmentOrderLine[]; pageInfo: Page };
}

export interface UserError {
  field: string[] | null;
  message: string;
  code?: string | null;
}
