// Prettier, fitted to the code as it was written by hand: single quotes, trailing commas, two
// spaces, and long lines (160 columns: of the widths that bring every line under 160+, it changed
// the fewest lines). Only the TypeScript and JavaScript sources are formatted (Makefile: FORMATTED).
export default {
  printWidth: 160,
  singleQuote: true,
  trailingComma: 'all',
};
