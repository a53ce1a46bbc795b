// Choosing a resident in a dialog (新建隔离's person, 登记车辆's owner, 登记病例's resident): a search box and button, the
// hits as buttons (the masked name and the address when the caller may see it), the chosen one in place of the search
// with 重新选择. The search itself (endpoint, purpose header) and the words come from the feature; test ids are
// `${testIdPrefix}-search`, `-search-button`, `-hits`, `-hit` (with data-id), `-hit-name`, `-hit-address`, `-chosen`,
// `-chosen-name`, `-chosen-address`, `-change`. Styles in cards.css (.rx-rp-…).
import { useState } from 'react';
import { Button, Empty, Input, Space, Spin, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from './error-alert';

/** What the picker needs of a hit: the resident search's masked answer (features/self-reports ResidentHit fits). */
export type PickableResident = { id: string; nameMasked: string } & ({ access: 'full'; address: string } | { access: 'stub' });

/** The words a feature gives: `chosen` and `pick` get `{ name }`; `restricted` stands for an address not shown. */
export type ResidentPickerTextKey = 'search' | 'searchPlaceholder' | 'searchButton' | 'searchEmpty' | 'searching' | 'noHits' | 'pick' | 'chosen' | 'change' | 'restricted';

const hitAddress = (h: PickableResident): string | null => (h.access === 'full' ? h.address : null);

export function ResidentPicker<H extends PickableResident>(p: {
  /** The form item's value: the chosen resident's id. */
  value?: string;
  onChange?: (id: string | undefined) => void;
  chosen: H | null;
  onChoose: (h: H | null) => void;
  size: 'large' | 'middle';
  search: (q: string, signal?: AbortSignal) => Promise<{ items: H[] }>;
  /** The query key of a search (the text is appended). */
  queryKey: readonly unknown[];
  text: (key: ResidentPickerTextKey, values?: { name: string }) => string;
  testIdPrefix: string;
}) {
  const { value, onChange, chosen, onChoose, size, text, testIdPrefix: x } = p;
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [empty, setEmpty] = useState(false);
  const hits = useQuery({
    queryKey: [...p.queryKey, search],
    queryFn: ({ signal }) => p.search(search, signal),
    enabled: search.length > 0,
    staleTime: 30_000,
  });
  const run = () => {
    const t = q.trim();
    setEmpty(!t);
    if (t) setSearch(t);
  };
  if (value && chosen) {
    return (
      <div className="rx-rp-chosen" data-testid={`${x}-chosen`}>
        <strong data-testid={`${x}-chosen-name`}>{text('chosen', { name: chosen.nameMasked })}</strong>
        <span className="rx-rp-quiet" data-testid={`${x}-chosen-address`}>{hitAddress(chosen) ?? text('restricted')}</span>
        <Button type="link" size={size} style={{ paddingInline: 0 }} onClick={() => { onChoose(null); onChange?.(undefined); }} data-testid={`${x}-change`}>
          {text('change')}
        </Button>
      </div>
    );
  }
  const items = hits.data?.items ?? [];
  return (
    <div>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          id={`${x}-search`}
          aria-label={text('search')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onPressEnter={(e) => { e.preventDefault(); run(); }}
          placeholder={text('searchPlaceholder')}
          maxLength={40}
          size={size}
          data-testid={`${x}-search`}
        />
        <Button icon={<SearchOutlined />} onClick={run} size={size} data-testid={`${x}-search-button`}>{text('searchButton')}</Button>
      </Space.Compact>
      {empty && <Typography.Text type="danger">{text('searchEmpty')}</Typography.Text>}
      {hits.isError && <ErrorAlert error={hits.error} onRetry={() => void hits.refetch()} style={{ marginTop: 8, marginBottom: 0 }} />}
      {search && hits.isFetching && <div style={{ marginTop: 8 }}><Spin size="small" /> {text('searching')}</div>}
      {search && hits.isSuccess && !hits.isFetching && items.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text('noHits')} style={{ margin: '8px 0' }} />
      )}
      {items.length > 0 && !hits.isFetching && (
        <ul className="rx-rp-hits" data-testid={`${x}-hits`}>
          {items.map((h) => (
            <li key={h.id}>
              <button
                type="button"
                className="rx-rp-hit"
                aria-label={text('pick', { name: h.nameMasked })}
                onClick={() => { onChoose(h); onChange?.(h.id); }}
                data-testid={`${x}-hit`}
                data-id={h.id}
              >
                <strong data-testid={`${x}-hit-name`}>{h.nameMasked}</strong>
                <span className="rx-rp-quiet" data-testid={`${x}-hit-address`}>{hitAddress(h) ?? text('restricted')}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
