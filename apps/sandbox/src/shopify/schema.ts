import { buildSchema, type GraphQLSchema } from 'graphql';

/**
 * The part of the Shopify Admin GraphQL API (version 2025-10) that a shipping app uses: orders,
 * fulfillment orders, fulfillments, tracking, fulfillment events, fulfillment holds, and product
 * variants with their inventory quantity (to know what is in stock). Type,
 * field, argument and enum names follow the public reference at
 * https://shopify.dev/docs/api/admin-graphql/2025-10 — only a subset of each type's fields is
 * here, never an invented one. Enums list every documented value (CountryCode and CurrencyCode only
 * the ones the demo data needs), so a connector sending a value Shopify would refuse is refused here
 * too.
 */
export const SHOPIFY_SDL = /* GraphQL */ `
  "An ISO-8601 encoded UTC date time string, e.g. 2026-11-20T12:00:00Z."
  scalar DateTime
  "A signed decimal number serialized as a string, e.g. \\"29.99\\"."
  scalar Decimal
  "An RFC 3986 and RFC 3987 compliant URI string."
  scalar URL
  "An unsigned 64-bit integer, serialized as a string."
  scalar UnsignedInt64

  type Query {
    "A list of orders placed in the store."
    orders(
      first: Int
      after: String
      last: Int
      before: String
      reverse: Boolean = false
      sortKey: OrderSortKeys = ID
      query: String
    ): OrderConnection!
    "Returns an Order resource by ID."
    order(id: ID!): Order
    "Returns a FulfillmentOrder resource by ID."
    fulfillmentOrder(id: ID!): FulfillmentOrder
    "Returns a Fulfillment resource by ID."
    fulfillment(id: ID!): Fulfillment
    "The shop the app is installed on."
    shop: Shop!
    "Retrieves a list of product variants, filtered by a search query such as sku:MUG-1 OR sku:TEE-2."
    productVariants(
      first: Int
      after: String
      last: Int
      before: String
      reverse: Boolean = false
      sortKey: ProductVariantSortKeys = ID
      query: String
    ): ProductVariantConnection!
  }

  type Mutation {
    fulfillmentCreate(fulfillment: FulfillmentInput!, message: String): FulfillmentCreatePayload
    fulfillmentTrackingInfoUpdate(
      fulfillmentId: ID!
      trackingInfoInput: FulfillmentTrackingInput!
      notifyCustomer: Boolean
    ): FulfillmentTrackingInfoUpdatePayload
    fulfillmentEventCreate(fulfillmentEvent: FulfillmentEventInput!): FulfillmentEventCreatePayload
    fulfillmentOrderHold(id: ID!, fulfillmentHold: FulfillmentOrderHoldInput!): FulfillmentOrderHoldPayload
    fulfillmentOrderReleaseHold(id: ID!, holdIds: [ID!], externalId: String): FulfillmentOrderReleaseHoldPayload
    fulfillmentCancel(id: ID!): FulfillmentCancelPayload
  }

  type Shop {
    id: ID!
    name: String!
    myshopifyDomain: String!
    currencyCode: CurrencyCode!
    ianaTimezone: String!
  }

  enum OrderSortKeys {
    CREATED_AT
    CUSTOMER_NAME
    DESTINATION
    FINANCIAL_STATUS
    FULFILLMENT_STATUS
    ID
    ORDER_NUMBER
    PO_NUMBER
    PROCESSED_AT
    RELEVANCE
    TOTAL_ITEMS_QUANTITY
    TOTAL_PRICE
    UPDATED_AT
  }

  type PageInfo {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type OrderConnection {
    edges: [OrderEdge!]!
    nodes: [Order!]!
    pageInfo: PageInfo!
  }
  type OrderEdge {
    cursor: String!
    node: Order!
  }

  type Order {
    id: ID!
    legacyResourceId: UnsignedInt64!
    name: String!
    createdAt: DateTime!
    updatedAt: DateTime!
    processedAt: DateTime!
    cancelledAt: DateTime
    cancelReason: OrderCancelReason
    closed: Boolean!
    closedAt: DateTime
    email: String
    phone: String
    note: String
    currencyCode: CurrencyCode!
    displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
    displayFinancialStatus: OrderDisplayFinancialStatus
    fulfillable: Boolean!
    customer: Customer
    shippingAddress: MailingAddress
    totalPriceSet: MoneyBag!
    totalWeight: UnsignedInt64
    lineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): LineItemConnection!
    fulfillmentOrders(
      first: Int
      after: String
      last: Int
      before: String
      reverse: Boolean = false
      displayable: Boolean = false
    ): FulfillmentOrderConnection!
    fulfillments(first: Int): [Fulfillment!]!
  }

  enum OrderCancelReason {
    CUSTOMER
    DECLINED
    FRAUD
    INVENTORY
    OTHER
    STAFF
  }

  enum OrderDisplayFulfillmentStatus {
    FULFILLED
    IN_PROGRESS
    ON_HOLD
    OPEN
    PARTIALLY_FULFILLED
    PENDING_FULFILLMENT
    REQUEST_DECLINED
    RESTOCKED
    SCHEDULED
    UNFULFILLED
  }

  enum OrderDisplayFinancialStatus {
    AUTHORIZED
    EXPIRED
    PAID
    PARTIALLY_PAID
    PARTIALLY_REFUNDED
    PENDING
    REFUNDED
    VOIDED
  }

  type Customer {
    id: ID!
    displayName: String!
    firstName: String
    lastName: String
    defaultEmailAddress: CustomerEmailAddress
  }
  type CustomerEmailAddress {
    emailAddress: String!
  }

  type MailingAddress {
    id: ID!
    name: String
    firstName: String
    lastName: String
    company: String
    address1: String
    address2: String
    city: String
    province: String
    provinceCode: String
    zip: String
    country: String
    countryCodeV2: CountryCode
    phone: String
  }

  type MoneyBag {
    shopMoney: MoneyV2!
    presentmentMoney: MoneyV2!
  }
  type MoneyV2 {
    amount: Decimal!
    currencyCode: CurrencyCode!
  }

  type LineItemConnection {
    edges: [LineItemEdge!]!
    nodes: [LineItem!]!
    pageInfo: PageInfo!
  }
  type LineItemEdge {
    cursor: String!
    node: LineItem!
  }
  type LineItem {
    id: ID!
    name: String!
    title: String!
    sku: String
    vendor: String
    quantity: Int!
    currentQuantity: Int!
    unfulfilledQuantity: Int!
    requiresShipping: Boolean!
    originalUnitPriceSet: MoneyBag!
    discountedUnitPriceSet: MoneyBag!
    variant: ProductVariant
  }

  type ProductVariant {
    id: ID!
    sku: String
    title: String!
    displayName: String!
    inventoryQuantity: Int
    inventoryPolicy: ProductVariantInventoryPolicy!
    inventoryItem: InventoryItem!
  }
  enum ProductVariantSortKeys {
    FULL_TITLE
    ID
    INVENTORY_LEVELS_AVAILABLE
    INVENTORY_MANAGEMENT
    INVENTORY_POLICY
    INVENTORY_QUANTITY
    NAME
    POPULAR
    POSITION
    RELEVANCE
    SKU
    TITLE
  }
  type ProductVariantConnection {
    edges: [ProductVariantEdge!]!
    nodes: [ProductVariant!]!
    pageInfo: PageInfo!
  }
  type ProductVariantEdge {
    cursor: String!
    node: ProductVariant!
  }
  enum ProductVariantInventoryPolicy {
    CONTINUE
    DENY
  }
  type InventoryItem {
    id: ID!
    sku: String
    tracked: Boolean!
    requiresShipping: Boolean!
    harmonizedSystemCode: String
    countryCodeOfOrigin: CountryCode
    measurement: InventoryItemMeasurement!
  }
  type InventoryItemMeasurement {
    id: ID!
    weight: Weight
  }
  type Weight {
    unit: WeightUnit!
    value: Float!
  }
  enum WeightUnit {
    GRAMS
    KILOGRAMS
    OUNCES
    POUNDS
  }

  type FulfillmentOrderConnection {
    edges: [FulfillmentOrderEdge!]!
    nodes: [FulfillmentOrder!]!
    pageInfo: PageInfo!
  }
  type FulfillmentOrderEdge {
    cursor: String!
    node: FulfillmentOrder!
  }
  type FulfillmentOrder {
    id: ID!
    orderId: ID!
    orderName: String!
    order: Order
    status: FulfillmentOrderStatus!
    requestStatus: FulfillmentOrderRequestStatus!
    createdAt: DateTime!
    updatedAt: DateTime!
    fulfillAt: DateTime
    assignedLocation: FulfillmentOrderAssignedLocation!
    fulfillmentHolds: [FulfillmentHold!]!
    supportedActions: [FulfillmentOrderSupportedAction!]!
    lineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): FulfillmentOrderLineItemConnection!
    fulfillments(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): FulfillmentConnection!
  }
  enum FulfillmentOrderStatus {
    CANCELLED
    CLOSED
    INCOMPLETE
    IN_PROGRESS
    ON_HOLD
    OPEN
    SCHEDULED
  }
  enum FulfillmentOrderRequestStatus {
    ACCEPTED
    CANCELLATION_ACCEPTED
    CANCELLATION_REJECTED
    CANCELLATION_REQUESTED
    CLOSED
    REJECTED
    SUBMITTED
    UNSUBMITTED
  }
  type FulfillmentOrderAssignedLocation {
    name: String!
    address1: String
    city: String
    zip: String
    countryCode: CountryCode!
    location: Location
  }
  type Location {
    id: ID!
    name: String!
  }
  type FulfillmentOrderSupportedAction {
    action: FulfillmentOrderAction!
  }
  enum FulfillmentOrderAction {
    CANCEL_FULFILLMENT_ORDER
    CREATE_FULFILLMENT
    EXTERNAL
    HOLD
    MARK_AS_OPEN
    MERGE
    MOVE
    RELEASE_HOLD
    REQUEST_CANCELLATION
    REQUEST_FULFILLMENT
    SPLIT
  }
  type FulfillmentHold {
    id: ID!
    reason: FulfillmentHoldReason!
    reasonNotes: String
    handle: String
    displayReason: String!
    heldByRequestingApp: Boolean!
  }
  enum FulfillmentHoldReason {
    AWAITING_PAYMENT
    AWAITING_RETURN_ITEMS
    HIGH_RISK_OF_FRAUD
    INCORRECT_ADDRESS
    INVENTORY_OUT_OF_STOCK
    ONLINE_STORE_POST_PURCHASE_CROSS_SELL
    OTHER
    UNKNOWN_DELIVERY_DATE
  }

  type FulfillmentOrderLineItemConnection {
    edges: [FulfillmentOrderLineItemEdge!]!
    nodes: [FulfillmentOrderLineItem!]!
    pageInfo: PageInfo!
  }
  type FulfillmentOrderLineItemEdge {
    cursor: String!
    node: FulfillmentOrderLineItem!
  }
  type FulfillmentOrderLineItem {
    id: ID!
    totalQuantity: Int!
    remainingQuantity: Int!
    sku: String
    productTitle: String!
    lineItem: LineItem!
    weight: Weight
  }

  type FulfillmentConnection {
    edges: [FulfillmentEdge!]!
    nodes: [Fulfillment!]!
    pageInfo: PageInfo!
  }
  type FulfillmentEdge {
    cursor: String!
    node: Fulfillment!
  }
  type Fulfillment {
    id: ID!
    legacyResourceId: UnsignedInt64!
    name: String!
    status: FulfillmentStatus!
    displayStatus: FulfillmentDisplayStatus
    createdAt: DateTime!
    updatedAt: DateTime!
    inTransitAt: DateTime
    deliveredAt: DateTime
    estimatedDeliveryAt: DateTime
    totalQuantity: Int!
    requiresShipping: Boolean!
    order: Order!
    trackingInfo(first: Int): [FulfillmentTrackingInfo!]!
    fulfillmentLineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): FulfillmentLineItemConnection!
    fulfillmentOrders(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): FulfillmentOrderConnection!
    events(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): FulfillmentEventConnection!
  }
  enum FulfillmentStatus {
    CANCELLED
    ERROR
    FAILURE
    SUCCESS
    OPEN
    PENDING
  }
  enum FulfillmentDisplayStatus {
    ATTEMPTED_DELIVERY
    CANCELED
    CARRIER_PICKED_UP
    CONFIRMED
    DELAYED
    DELIVERED
    FAILURE
    FULFILLED
    IN_TRANSIT
    LABEL_PRINTED
    LABEL_PURCHASED
    LABEL_VOIDED
    MARKED_AS_FULFILLED
    NOT_DELIVERED
    OUT_FOR_DELIVERY
    PICKED_UP
    READY_FOR_PICKUP
    SUBMITTED
  }
  type FulfillmentTrackingInfo {
    company: String
    number: String
    url: URL
  }
  type FulfillmentLineItemConnection {
    edges: [FulfillmentLineItemEdge!]!
    nodes: [FulfillmentLineItem!]!
    pageInfo: PageInfo!
  }
  type FulfillmentLineItemEdge {
    cursor: String!
    node: FulfillmentLineItem!
  }
  type FulfillmentLineItem {
    id: ID!
    quantity: Int
    lineItem: LineItem!
  }
  type FulfillmentEventConnection {
    edges: [FulfillmentEventEdge!]!
    nodes: [FulfillmentEvent!]!
    pageInfo: PageInfo!
  }
  type FulfillmentEventEdge {
    cursor: String!
    node: FulfillmentEvent!
  }
  type FulfillmentEvent {
    id: ID!
    status: FulfillmentEventStatus!
    happenedAt: DateTime!
    createdAt: DateTime!
    message: String
    estimatedDeliveryAt: DateTime
    address1: String
    city: String
    province: String
    zip: String
    country: String
    latitude: Float
    longitude: Float
  }
  enum FulfillmentEventStatus {
    ATTEMPTED_DELIVERY
    CARRIER_PICKED_UP
    CONFIRMED
    DELAYED
    DELIVERED
    FAILURE
    IN_TRANSIT
    LABEL_PRINTED
    LABEL_PURCHASED
    OUT_FOR_DELIVERY
    READY_FOR_PICKUP
  }

  input FulfillmentInput {
    lineItemsByFulfillmentOrder: [FulfillmentOrderLineItemsInput!]!
    notifyCustomer: Boolean = false
    trackingInfo: FulfillmentTrackingInput
    originAddress: FulfillmentOriginAddressInput
  }
  input FulfillmentOrderLineItemsInput {
    fulfillmentOrderId: ID!
    fulfillmentOrderLineItems: [FulfillmentOrderLineItemInput!]
  }
  input FulfillmentOrderLineItemInput {
    id: ID!
    quantity: Int!
  }
  input FulfillmentTrackingInput {
    number: String
    url: URL
    company: String
    numbers: [String!]
    urls: [URL!]
  }
  input FulfillmentOriginAddressInput {
    address1: String
    address2: String
    city: String
    zip: String
    provinceCode: String
    countryCode: String!
  }
  input FulfillmentEventInput {
    fulfillmentId: ID!
    status: FulfillmentEventStatus!
    happenedAt: DateTime
    message: String
    estimatedDeliveryAt: DateTime
    address1: String
    city: String
    province: String
    zip: String
    country: String
    latitude: Float
    longitude: Float
  }
  input FulfillmentOrderHoldInput {
    reason: FulfillmentHoldReason!
    reasonNotes: String
    notifyMerchant: Boolean = false
    externalId: String
    handle: String
    fulfillmentOrderLineItems: [FulfillmentOrderLineItemInput!]
  }

  type UserError {
    field: [String!]
    message: String!
  }
  type FulfillmentOrderHoldUserError {
    field: [String!]
    message: String!
    code: FulfillmentOrderHoldUserErrorCode
  }
  enum FulfillmentOrderHoldUserErrorCode {
    DUPLICATE_FULFILLMENT_HOLD_HANDLES
    FULFILLMENT_ORDER_HOLD_LIMIT_REACHED
    FULFILLMENT_ORDER_NOT_FOUND
    GREATER_THAN_ZERO
    INVALID_LINE_ITEM_QUANTITY
    TAKEN
  }
  type FulfillmentOrderReleaseHoldUserError {
    field: [String!]
    message: String!
    code: FulfillmentOrderReleaseHoldUserErrorCode
  }
  enum FulfillmentOrderReleaseHoldUserErrorCode {
    FULFILLMENT_ORDER_NOT_FOUND
    INVALID_ACCESS
  }

  type FulfillmentCreatePayload {
    fulfillment: Fulfillment
    userErrors: [UserError!]!
  }
  type FulfillmentTrackingInfoUpdatePayload {
    fulfillment: Fulfillment
    userErrors: [UserError!]!
  }
  type FulfillmentEventCreatePayload {
    fulfillmentEvent: FulfillmentEvent
    userErrors: [UserError!]!
  }
  type FulfillmentOrderHoldPayload {
    fulfillmentHold: FulfillmentHold
    fulfillmentOrder: FulfillmentOrder
    remainingFulfillmentOrder: FulfillmentOrder
    userErrors: [FulfillmentOrderHoldUserError!]!
  }
  type FulfillmentOrderReleaseHoldPayload {
    fulfillmentOrder: FulfillmentOrder
    userErrors: [FulfillmentOrderReleaseHoldUserError!]!
  }
  type FulfillmentCancelPayload {
    fulfillment: Fulfillment
    userErrors: [UserError!]!
  }

  enum CurrencyCode {
    AUD
    CAD
    CHF
    CNY
    CZK
    DKK
    EUR
    GBP
    JPY
    NOK
    PLN
    SEK
    USD
  }

  enum CountryCode {
    AT
    AU
    BE
    BG
    CA
    CH
    CN
    CY
    CZ
    DE
    DK
    EE
    ES
    FI
    FR
    GB
    GR
    HR
    HU
    IE
    IN
    IT
    JP
    LT
    LU
    LV
    MT
    NL
    NO
    NZ
    PL
    PT
    RO
    SE
    SI
    SK
    US
  }
`;

export function buildShopifySchema(): GraphQLSchema {
  return buildSchema(SHOPIFY_SDL);
}
