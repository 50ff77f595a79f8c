import { describe, expect, it } from 'vitest';
import { CarrierError, type CreateLabelInput } from '../connector';
import { alpha3 } from './countries';
import { billingNumber, contactAddress, defaultProduct, orderQuery, orderRequest, refNo } from './request';

const input: CreateLabelInput = {
  reference: 'S-1',
  sender: {
    name: 'Dune',
    street: 'Hauptstr.',
    houseNumber: '5',
    houseNumberSuffix: 'a',
    postalCode: '10115',
    city: 'Berlin',
    country: 'de',
  },
  receiver: { name: 'Ann Smith', street: '350 5th Ave', postalCode: '10118', city: 'New York', country: 'US' },
  parcel: { weightGrams: 999.6, lengthCm: 20 },
  format: 'A4',
};

describe('DHL request mapping', () => {
  it('picks products by destination and builds billing numbers from EKP, procedure and participation', () => {
    expect(['DE', 'NL', 'US'].map(defaultProduct)).toEqual(['V01PAK', 'V53WPAK', 'V53WPAK']);
    const account = { ekp: '3333333333', participation: { V01PAK: '02' } };
    expect(billingNumber(account, 'V01PAK')).toBe('33333333330102');
    expect(billingNumber(account, 'V62KP')).toBe('33333333336201');
    expect(billingNumber({ ...account, billingNumbers: { V01PAK: '12345678900199' } }, 'V01PAK')).toBe('12345678900199');
    expect(billingNumber(account, 'V99XX')).toBe('33333333330001');
  });

  it('keeps refNo within 8–35 characters', () => {
    expect(refNo('S-1')).toBe('Shipdesk S-1');
    expect(refNo('SHP-1001-1')).toBe('SHP-1001-1');
    expect(refNo('x'.repeat(40))).toHaveLength(35);
  });

  it('maps addresses with alpha-3 countries and a separate house number', () => {
    expect(contactAddress(input.sender, 'sender', false)).toEqual({
      name1: 'Dune',
      addressStreet: 'Hauptstr.',
      addressHouse: '5 a',
      postalCode: '10115',
      city: 'Berlin',
      country: 'DEU',
    });
    expect(alpha3('gb')).toBe('GBR');
    expect(() => contactAddress({ ...input.receiver, country: 'XX' }, 'receiver', true)).toThrow(CarrierError);
  });

  it('sends weight in grams, dimensions only when complete, and the A4 print format', () => {
    const body = orderRequest(input, { ekp: '3333333333' });
    expect(body.profile).toBe('STANDARD_GRUPPENPROFIL');
    expect(body.shipments[0]!.details).toEqual({ weight: { uom: 'g', value: 1000 } });
    expect(body.shipments[0]!.customs).toBeUndefined();
    expect(orderQuery('A4', { ekp: '1', mustEncode: true })).toMatchObject({
      printFormat: 'A4',
      docFormat: 'PDF',
      mustEncode: 'true',
    });
    expect(orderQuery('A6', { ekp: '1' }).printFormat).toBe('910-300-300');
  });

  it('refuses mixed customs currencies before calling DHL', () => {
    const item = {
      description: 'Mug',
      quantity: 1,
      valueCents: 100,
      currency: 'EUR',
      hsCode: '691200',
      originCountry: 'DE',
      weightGrams: 1,
    };
    expect(() =>
      orderRequest({ ...input, customs: { items: [item, { ...item, currency: 'USD' }] } }, { ekp: '3333333333' }),
    ).toThrow(/share one currency/);
  });
});
