/** Spellings the column readers take for a missing value (besides blank text), as pandas does by default. */
export const MISSING_TEXTS = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', '-']
