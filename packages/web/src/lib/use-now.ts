import { useEffect, useState } from 'react';

/** A page's clock, moved every half minute: a deadline or a due time that passes while the page is open turns red. */
export function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}
