import { Navigate } from 'react-router';
import { useMe } from '../features/auth/api/get-me';

/** The start page: the orders for a merchant's people; for platform support, picking a merchant to inspect. */
export default function Home() {
  const me = useMe();
  if (!me.data) return null;
  return <Navigate to={me.data.role === 'support' ? '/support' : '/orders'} replace />;
}
