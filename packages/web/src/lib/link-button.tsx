import { Button, type ButtonProps } from 'antd';
import { useNavigate } from 'react-router';

/**
 * A button that opens a page of the app. Not a `<Button>` inside a `<Link>`: that nests a button in a link (invalid
 * HTML, read twice by a screen reader, and two Tab stops for one action).
 */
export function LinkButton({ to, ...rest }: Omit<ButtonProps, 'onClick' | 'href'> & { to: string }) {
  const navigate = useNavigate();
  return <Button {...rest} onClick={() => navigate(to)} />;
}
