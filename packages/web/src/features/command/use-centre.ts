// Which command a 指挥部 page shows: ?org= when the caller may open it, else their first (their own first).
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { COMMAND_KEY, getCentres } from './api';
import { pickCentre } from './command.logic';

export function useCentre() {
  const [params] = useSearchParams();
  const q = useQuery({ queryKey: [...COMMAND_KEY, 'centres'], queryFn: ({ signal }) => getCentres(signal) });
  return { query: q, centres: q.data?.items ?? [], centre: q.data ? pickCentre(q.data.items, params.get('org')) : null };
}
