// A list's figures as tiles (figureTiles in screening.logic.ts): 比对成功, 待确认, 未比中, 卡口已见, 已在管控, 待分派 while any,
// 待核查, 已完成 — each a big number over its word, its colour a second sign only — and the progress bar below.
import { Progress } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../lib/numbers';
import type { Figures } from './api';
import { figureTiles, progressPercent } from './screening.logic';

export function ListFigures({ figures, progress = true }: { figures: Figures; progress?: boolean }) {
  const { t, i18n } = useTranslation();
  const tiles = figureTiles(figures);
  return (
    <div data-testid="sc-figures">
      <div className="rx-sc-tiles">
        {tiles.map((x) => (
          <div key={x.key} className={`rx-sc-tile rx-sc-tile-${x.tone}`} data-testid={`sc-tile-${x.key}`} data-value={x.value}>
            <strong>{formatCount(x.value, i18n.language)}</strong>
            <span>{t(`screening.tiles.${x.key}`)}</span>
          </div>
        ))}
      </div>
      {progress && (
        <div className="rx-sc-progress" data-testid="sc-progress">
          <span className="rx-sc-quiet">{t('screening.list.progress')}</span>
          <Progress
            percent={progressPercent(figures)}
            aria-label={t('screening.lists.progressLabel', { done: figures.done, entries: figures.entries })}
            format={() => t('screening.lists.progress', { done: formatCount(figures.done, i18n.language), entries: formatCount(figures.entries, i18n.language) })}
            style={{ margin: 0, flex: 1, minWidth: 0 }}
          />
        </div>
      )}
    </div>
  );
}
