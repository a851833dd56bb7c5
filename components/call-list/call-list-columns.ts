/** One grid template for the column header and every row, so they always line up. */
export const CALL_LIST_GRID =
  'lg:grid lg:grid-cols-[6.5rem_minmax(8rem,1fr)_6rem_7.5rem_12.5rem_minmax(12rem,2.6fr)_4.5rem] lg:items-center lg:gap-x-3';

/** The table's columns, in the grid's order. */
export const CALL_LIST_COLUMNS = ['Status', 'Participants', 'Duration', 'Language', 'Sentiment now', 'Last line', 'Lines'] as const;

/** From `lg` up a row has one height whatever it shows (its cells hold at most two short lines): no measuring. */
export const CALL_LIST_ROW_HEIGHT_PX = 56;
// Contained: a row's style and layout changes (every row changes every second) never reach its neighbours.
export const CALL_LIST_ROW_HEIGHT_CLASS = '[contain:layout_paint_style] lg:h-14 lg:overflow-hidden lg:[contain:strict]';
/** Section headers and notes have one height at every width. */
export const CALL_LIST_SECTION_HEIGHT_PX = 40;
/** The width from which rows are laid out as a grid (Tailwind's `lg`). */
export const CALL_LIST_GRID_MEDIA = '(min-width: 64rem)';
