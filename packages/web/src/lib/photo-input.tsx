// The photo field of a form (a complaint's photo, a task's evidence): one large button 拍照或选择照片 in the page's language
// instead of the browser's own "Choose File" — a phone offers its camera — then the photo itself as a thumbnail with
// its size, 换一张 and 移除. The file input stays in the page (visually hidden) so the label and tests reach it.
import { CameraOutlined, DeleteOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhotoPick } from './photo-pick';
import { photoBytes } from './photo.logic';

type Props = {
  /** The input's id (the Form.Item's htmlFor). */
  id: string;
  /** data-testid of the file input; the button and the thumbnail get `-choose`, `-preview`, `-remove` after it. */
  testId: string;
  pick: PhotoPick;
  /** Ask a phone for its rear camera first (a worker's evidence); a resident's complaint may come from the gallery. */
  camera?: boolean;
  onPicked?: () => void;
  size?: 'middle' | 'large';
};

export function PhotoInput({ id, testId, pick, camera, onPicked, size = 'large' }: Props) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const { photo } = pick;
  return (
    <div className="rx-photo-input">
      <input
        key={pick.round}
        ref={input}
        id={id}
        className="sr-only"
        type="file"
        accept="image/jpeg,image/png"
        {...(camera ? { capture: 'environment' as const } : {})}
        onChange={(e) => {
          onPicked?.();
          void pick.pick(e.target.files?.[0]);
        }}
        data-testid={testId}
      />
      {photo && (
        <img className="rx-photo-input-preview" src={`data:${photo.mime};base64,${photo.data}`} alt={t('photo.preview')} data-testid={`${testId}-preview`} />
      )}
      <Space wrap>
        <Button size={size} icon={<CameraOutlined />} onClick={() => input.current?.click()} aria-controls={id} data-testid={`${testId}-choose`}>
          {photo ? t('photo.change') : t('photo.choose')}
        </Button>
        {photo && (
          <>
            <Typography.Text type="secondary">{t('photo.chosen', { size: kb(photoBytes(photo)) })}</Typography.Text>
            <Button size={size} type="text" danger icon={<DeleteOutlined />} onClick={pick.clear} data-testid={`${testId}-remove`}>{t('photo.remove')}</Button>
          </>
        )}
      </Space>
    </div>
  );
}

const kb = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
