/** One grid template for the column header and every row, so they always line up. */
export const CALL_LIST_GRID =
  'lg:grid lg:grid-cols-[6.5rem_minmax(8rem,1fr)_6rem_7.5rem_12.5rem_minmax(12rem,2.6fr)_4.5rem] lg:items-center lg:gap-x-3';

/** The table's columns, in the grid's order. */
export const CALL_LIST_COLUMNS = ['Status', 'Participants', 'Duration', 'Language', 'Sentiment now', 'Last line', 'Lines'] as const;
