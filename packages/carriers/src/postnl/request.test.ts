import { describe, expect, it } from 'vitest';
import { CarrierError, type CreateLabelInput } from '../connector';
import { barcodeQuery, defaultProduct, labelRequest, postnlAddress, splitStreet } from './request';
import { fromPostnlTimestamp, toPostnlTimestamp } from './time';

const account = { customerCode: 'DEVC', customerNumber: '11223344', collectionLocation: '123456' };
const input: CreateLabelInput = {
  reference: 'SHP-1',
  sender: { name: 'Dune Goods', street: 'Siriusdreef 42', postalCode: '2132WT', city: 'Hoofddorp', country: 'NL' },
  receiver: { name: 'Ann Smith', street: '350 5th Ave', postalCode: '10118', city: 'New York', country: 'US' },
  parcel: { weightGrams: 999.6 },
  format: 'A4',
};

describe('PostNL request mapping', () => {
  it('splits Dutch street lines into street, number and suffix', () => {
    expect(splitStreet('Siriusdreef 42')).toEqual({ street: 'Siriusdreef', houseNumber: '42', suffix: '' });
    expect(splitStreet('Siriusdreef 42-60')).toEqual({ street: 'Siriusdreef', houseNumber: '42', suffix: '-60' });
    expect(splitStreet('2e Hugo de Grootstraat 12 A')).toEqual({
      street: '2e Hugo de Grootstraat',
      houseNumber: '12',
      suffix: 'A',
    });
    expect(splitStreet('Markt')).toBeNull();
  });

  it('leaves the split to PostNL (StreetHouseNrExt) when it cannot find a house number', () => {
    const address = postnlAddress('01', { name: 'Els', street: 'Markt', postalCode: '1000', city: 'Brussel', country: 'be' });
    expect(address).toEqual({
      AddressType: '01',
      Name: 'Els',
      StreetHouseNrExt: 'Markt',
      Zipcode: '1000',
      City: 'Brussel',
      Countrycode: 'BE',
    });
  });

  it('keeps a separately given house number', () => {
    const address = postnlAddress('02', {
      name: 'Jan',
      company: 'Dune',
      street: 'Siriusdreef',
      houseNumber: '42',
      houseNumberSuffix: 'bis',
      postalCode: '2132 wt',
      city: 'Hoofddorp',
      country: 'NL',
    });
    expect(address).toMatchObject({
      Street: 'Siriusdreef',
      HouseNr: '42',
      HouseNrExt: 'bis',
      Zipcode: '2132WT',
      CompanyName: 'Dune',
      Name: 'Jan',
    });
  });

  it('builds the Message with PostNL timestamp, id and printer type', () => {
    const body = labelRequest(input, account, '3SDEVC000000001', new Date('2026-07-01T10:05:09Z'), 'abcdef0123456789');
    expect(body.Message).toEqual({
      MessageID: 'abcdef012345',
      MessageTimeStamp: '01-07-2026 12:05:09',
      Printertype: 'GraphicFile|PDF|MergeA',
    });
    expect(body.Customer).toEqual({ CustomerCode: 'DEVC', CustomerNumber: '11223344', CollectionLocation: '123456' });
    expect(body.Shipments[0]!.Dimension).toEqual({ Weight: 1000 });
    expect(body.Shipments[0]!.Addresses.map((a) => a.AddressType)).toEqual(['01', '02']);
  });

  it('picks a product by destination', () => {
    expect(['NL', 'BE', 'DE', 'US'].map(defaultProduct)).toEqual(['3085', '4946', '4944', '4945']);
  });

  it('asks for 3S barcodes in the full serie', () => {
    expect(barcodeQuery(account)).toEqual({
      CustomerCode: 'DEVC',
      CustomerNumber: '11223344',
      Type: '3S',
      Serie: '000000000-999999999',
    });
  });

  it('refuses customs PostNL cannot take, before calling PostNL', () => {
    const item = {
      description: 'Mug',
      quantity: 1,
      valueCents: 100,
      currency: 'GBP',
      hsCode: '691200',
      originCountry: 'NL',
      weightGrams: 1,
    };
    const build = (items: (typeof item)[]) => () =>
      labelRequest({ ...input, customs: { items } }, account, '3SDEVC000000001', new Date(), '1');
    expect(build([item])).toThrow(CarrierError);
    expect(build([item])).toThrow(/EUR or USD, not GBP/);
    expect(build(Array.from({ length: 6 }, () => ({ ...item, currency: 'EUR' })))).toThrow(/at most 5 customs lines/);
    expect(build([{ ...item, currency: 'EUR' }, item])).toThrow(/share one currency/);
  });
});

describe('PostNL timestamps (Europe/Amsterdam)', () => {
  it('converts winter and summer time both ways', () => {
    expect(fromPostnlTimestamp('02-03-2026 10:00:00')).toBe('2026-03-02T09:00:00.000Z');
    expect(fromPostnlTimestamp('01-07-2026 12:05:09')).toBe('2026-07-01T10:05:09.000Z');
    expect(fromPostnlTimestamp('2022-11-08T02:17:49')).toBe('2022-11-08T01:17:49.000Z');
    expect(toPostnlTimestamp(new Date('2026-07-01T10:05:09Z'))).toBe('01-07-2026 12:05:09');
  });

  it('gets the hours around the DST switch right', () => {
    // 29 March 2026: 02:00 CET becomes 03:00 CEST.
    expect(fromPostnlTimestamp('29-03-2026 01:30:00')).toBe('2026-03-29T00:30:00.000Z');
    expect(fromPostnlTimestamp('29-03-2026 03:30:00')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('rejects what is not a timestamp', () => {
    expect(() => fromPostnlTimestamp('yesterday')).toThrow(/Not a PostNL timestamp/);
  });
});
