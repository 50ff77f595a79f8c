import { Link } from 'react-router';

export default function NotFoundPage() {
  return (
    <div className="empty-state">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <Link to="/orders">Go to the orders</Link>
    </div>
  );
}
