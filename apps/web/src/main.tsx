import './i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ApiError } from './lib/api-client';
import { PageLoading } from './ui/page-loading';
import './ui/styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

const router = createBrowserRouter([
  { path: '/login', lazy: async () => ({ Component: (await import('./routes/login')).default }) },
  {
    path: '/',
    lazy: async () => ({ Component: (await import('./routes/app-layout')).default }),
    HydrateFallback: () => <PageLoading />,
    children: [
      { index: true, lazy: async () => ({ Component: (await import('./routes/home')).default }) },
      { path: 'orders', lazy: async () => ({ Component: (await import('./routes/orders')).default }) },
      { path: 'orders/:orderId', lazy: async () => ({ Component: (await import('./routes/order-detail')).default }) },
      { path: 'shipments', lazy: async () => ({ Component: (await import('./routes/shipments')).default }) },
      { path: 'shipments/:shipmentId', lazy: async () => ({ Component: (await import('./routes/shipment-detail')).default }) },
      { path: 'backorders', lazy: async () => ({ Component: (await import('./routes/backorders')).default }) },
      { path: 'pack', lazy: async () => ({ Component: (await import('./routes/pack')).default }) },
      { path: 'integrations', lazy: async () => ({ Component: (await import('./routes/integrations')).default }) },
      { path: 'support', lazy: async () => ({ Component: (await import('./routes/support')).default }) },
      { path: 'access-log', lazy: async () => ({ Component: (await import('./routes/access-log')).default }) },
      { path: '*', lazy: async () => ({ Component: (await import('./routes/not-found')).default }) },
    ],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
