// Synthetic ID numbers for the specs (GB 11643 check character; invented people only).

/** GB 11643 check character of the first 17 digits. */
export function checkChar(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  return '10X98765432'[sum % 11]!;
}

export const validId = (first17: string) => first17 + checkChar(first17);

/** The same number with a wrong check character. */
export function badId(first17: string): string {
  const good = checkChar(first17);
  return first17 + (good === '0' ? '1' : '0');
}
