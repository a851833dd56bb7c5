/**
 * Speaker identities for the transcript and the chart. Colours stay clear of the sentiment palette's blue and
 * vermillion, and the chart adds a dash pattern per speaker, so lines stay apart without colour.
 */
export interface SpeakerStyle {
  text: string;
  stroke: string;
  dash: string | undefined;
}

const STYLES: readonly SpeakerStyle[] = [
  { text: 'text-indigo-700', stroke: '#4F46E5', dash: undefined },
  { text: 'text-teal-700', stroke: '#0F766E', dash: '6 3' },
  { text: 'text-amber-700', stroke: '#B45309', dash: '2 3' },
  { text: 'text-fuchsia-700', stroke: '#A21CAF', dash: '8 3 2 3' },
  { text: 'text-slate-700', stroke: '#334155', dash: '1 2' },
];

/** Stable per call: a speaker's position among the call's participants (first to speak is first). */
export function speakerStyle(speakerIds: readonly string[], rawId: string): SpeakerStyle {
  const index = speakerIds.indexOf(rawId);
  return STYLES[(index < 0 ? hash(rawId) : index) % STYLES.length] as SpeakerStyle;
}

function hash(value: string): number {
  let h = 0;
  for (let i = 0; i < value.length; i += 1) h = (h * 31 + value.charCodeAt(i)) | 0;
  return Math.abs(h);
}
