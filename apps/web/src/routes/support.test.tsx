import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import type { AuditEntry, Me, SupportMerchant } from '@shipdesk/contract';
import '../i18n';
import { authKeys } from '../features/auth/api/keys';
import AccessLogPage from './access-log';
import AppLayout from './app-layout';
import SupportPage from './support';

const HOME = { id: '00000000-0000-4000-8000-000000000001', name: 'Shipdesk Support' };
const DEMO = { id: '00000000-0000-4000-8000-000000000002', name: 'Demo Goods B.V.' };
const supportMe = (merchant = HOME): Me => ({
  id: 'u1',
  email: 'support@shipdesk.test',
  name: 'Platform Support',
  role: 'support',
  merchant,
  inspecting: merchant !== HOME,
});
const ownerMe: Me = { id: 'u2', email: 'demo@shipdesk.test', name: 'Demo Owner', role: 'owner', merchant: DEMO };

const merchants: SupportMerchant[] = [
  { ...DEMO, orders: 1200, shipments: 40, failedSyncs: 2 },
  { id: '00000000-0000-4000-8000-000000000003', name: 'Bakker Fietsen', orders: 3, shipments: 0, failedSyncs: 0 },
];

type Handler = (init: RequestInit | undefined) => { status: number; body?: unknown };
let routes: Record<string, Handler>;
const calls: { method: string; path: string; body: unknown }[] = [];

beforeEach(() => {
  calls.length = 0;
  vi.stubGlobal('EventSource', undefined);
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      calls.push({ method, path, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      const handler = routes[`${method} ${path}`];
      const answer = handler
        ? handler(init)
        : { status: 404, body: { type: 'about:blank', title: 'Not Found', status: 404, detail: `No route ${method} ${path}` } };
      return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
        status: answer.status,
        headers: { 'content-type': answer.status >= 400 ? 'application/problem+json' : 'application/json' },
      });
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderAt(path: string, me: Me) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData(authKeys.me, me);
  routes[`GET /api/me`] ??= () => ({ status: 200, body: queryClient.getQueryData(authKeys.me) });
  const router = createMemoryRouter(
    [
      {
        path: '/',
        element: <AppLayout />,
        children: [
          { index: true, element: <p>Home</p> },
          { path: 'support', element: <SupportPage /> },
          { path: 'access-log', element: <AccessLogPage /> },
          { path: 'shipments', element: <h1>Shipments page</h1> },
          { path: 'orders', element: <h1>Orders page</h1> },
        ],
      },
    ],
    { initialEntries: [path] },
  );
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { router, queryClient };
}

describe('the support page', () => {
  it('lists the merchants with their counts, highlights failed syncs, and filters by name', async () => {
    routes = { 'GET /api/support/merchants': () => ({ status: 200, body: { items: merchants } }) };
    renderAt('/support', supportMe());
    expect(screen.getByRole('heading', { name: 'Inspect a merchant' })).toBeTruthy();
    expect(screen.getByText(/You are not inspecting a merchant/)).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Merchants' });
    const demoRow = within(table).getByRole('row', { name: /Demo Goods B\.V\./ });
    expect(demoRow.textContent).toContain('1,200');
    expect(within(demoRow).getByText('2').className).toContain('badge');
    const bakkerFailed = within(table)
      .getByRole('row', { name: /Bakker Fietsen/ })
      .querySelectorAll('td')[2]!;
    expect(bakkerFailed.textContent).toBe('0');
    expect(bakkerFailed.querySelector('.badge')).toBeNull();

    fireEvent.change(screen.getByLabelText('Filter by name'), { target: { value: 'bakker' } });
    expect(within(table).queryByRole('row', { name: /Demo Goods/ })).toBeNull();
    expect(within(table).getByRole('button', { name: 'Inspect Bakker Fietsen' })).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Filter by name'), { target: { value: 'nobody' } });
    expect(screen.getByText('No merchant matches “nobody”.')).toBeTruthy();
  });

  it('inspects a merchant: PUTs its id, forgets the old merchant’s data, shows the banner and opens the shipments', async () => {
    routes = {
      'GET /api/support/merchants': () => ({ status: 200, body: { items: merchants } }),
      'PUT /api/support/inspecting': () => ({ status: 200, body: supportMe(DEMO) }),
    };
    const { router, queryClient } = renderAt('/support', supportMe());
    queryClient.setQueryData(['orders', 'stale'], { from: 'the home merchant' });
    expect(screen.queryByRole('link', { name: 'Pack' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Access log' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Support' })).toBeTruthy();

    fireEvent.click(await screen.findByRole('button', { name: 'Inspect Demo Goods B.V.' }));
    await screen.findByRole('heading', { name: 'Shipments page' });
    expect(router.state.location.pathname).toBe('/shipments');
    expect(calls.find((c) => c.method === 'PUT')).toEqual({
      method: 'PUT',
      path: '/api/support/inspecting',
      body: { merchantId: DEMO.id },
    });
    expect(queryClient.getQueryData(['orders', 'stale'])).toBeUndefined();
    expect(queryClient.getQueryData<Me>(authKeys.me)?.merchant.name).toBe(DEMO.name);

    const banner = screen.getByText(/Support view of/).closest<HTMLElement>('[role="status"]')!;
    expect(banner.textContent).toContain('Support view of Demo Goods B.V. — read-only.');
    expect(within(banner).getByRole('link', { name: 'Switch merchant' }).getAttribute('href')).toBe('/support');
  });

  it('stops inspecting from the banner and goes back to the support page', async () => {
    routes = {
      'GET /api/support/merchants': () => ({ status: 200, body: { items: merchants } }),
      'PUT /api/support/inspecting': () => ({ status: 200, body: supportMe() }),
    };
    const { router } = renderAt('/shipments', supportMe(DEMO));
    fireEvent.click(screen.getByRole('button', { name: 'Stop inspecting' }));
    await screen.findByRole('heading', { name: 'Inspect a merchant' });
    expect(router.state.location.pathname).toBe('/support');
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ merchantId: null });
    expect(screen.queryByText(/Support view of/)).toBeNull();
    expect(await screen.findByText(/You are not inspecting a merchant/)).toBeTruthy();
  });

  it('shows an empty state and a load error', async () => {
    routes = { 'GET /api/support/merchants': () => ({ status: 200, body: { items: [] } }) };
    renderAt('/support', supportMe());
    expect(await screen.findByRole('heading', { name: 'No merchants yet' })).toBeTruthy();
    cleanup();
    routes = {
      'GET /api/support/merchants': () => ({
        status: 500,
        body: { type: 'about:blank', title: 'Error', status: 500, detail: 'Database down.' },
      }),
    };
    renderAt('/support', supportMe());
    expect((await screen.findByRole('alert')).textContent).toContain('Could not load the merchants: Database down.');
  });

  it('sends a merchant’s people home instead', async () => {
    routes = {};
    const { router } = renderAt('/support', ownerMe);
    await screen.findByText('Home');
    expect(router.state.location.pathname).toBe('/');
  });
});

describe('the access log', () => {
  const looks: AuditEntry[] = [
    {
      id: 'a2',
      at: '2026-03-14T10:05:00.000Z',
      userName: 'Platform Support',
      userEmail: 'support@shipdesk.test',
      method: 'GET',
      path: '/api/shipments/abc',
      requestId: 'req-2',
    },
    {
      id: 'a1',
      at: '2026-03-14T10:04:00.000Z',
      userName: 'Platform Support',
      userEmail: 'support@shipdesk.test',
      method: 'GET',
      path: '/api/shipments',
      requestId: null,
    },
  ];

  it('lists the looks, newest first, for the owner, who has the link in the navigation', async () => {
    routes = { 'GET /api/audit': () => ({ status: 200, body: { items: looks } }) };
    renderAt('/access-log', ownerMe);
    expect(screen.getByRole('link', { name: 'Access log' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Support' })).toBeNull();
    expect(screen.getByText('Every time Shipdesk platform support looks at your data, it is recorded here.')).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Looks by platform support, newest first' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/Platform Support <support@shipdesk\.test>GET \/api\/shipments\/abcreq-2$/),
      expect.stringMatching(/GET \/api\/shipmentsnone$/),
    ]);
    expect(within(rows[0]!).getByText(/2026/).tagName).toBe('TIME');
  });

  it('says so when support never looked', async () => {
    routes = { 'GET /api/audit': () => ({ status: 200, body: { items: [] } }) };
    renderAt('/access-log', ownerMe);
    expect(await screen.findByText('Platform support has not looked at your data.')).toBeTruthy();
  });
});
