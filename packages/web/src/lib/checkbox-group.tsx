import { Checkbox, type GetProps } from 'antd';

/**
 * antd's Checkbox.Group for a required Form.Item. The Form.Item marks its control aria-required, which ARIA does not
 * allow on a group of checkboxes (axe aria-allowed-attr, critical; specs/accessibility.test.ts): this group drops it —
 * the label's mark and the validation message say that a choice is required — and is a named group (`role="group"`,
 * `aria-label`: pass the field's label).
 */
export function RequiredCheckboxGroup({ 'aria-required': _required, ...props }: GetProps<typeof Checkbox.Group> & { 'aria-required'?: unknown; 'aria-label': string }) {
  return <Checkbox.Group role="group" {...props} />;
}
