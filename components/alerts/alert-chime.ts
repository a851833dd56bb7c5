import type { AlertSeverity } from '@/lib/rules';

/** A short two-tone chime, higher for critical; made with Web Audio so no sound file ships. */
const CHIME_HZ: Record<AlertSeverity, readonly [number, number]> = { info: [660, 880], warning: [660, 880], critical: [880, 1175] };
const NOTE_S = 0.12;

let audio: AudioContext | null = null;

/**
 * Plays the chime. Browsers keep an AudioContext suspended until the page has had a user gesture (any click on it);
 * the settings call this from the click that turns the sound on, so the supervisor hears what it will sound like.
 */
export function chime(severity: AlertSeverity) {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
    const start = audio.currentTime;
    CHIME_HZ[severity].forEach((hz, index) => {
      if (audio === null) return;
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = hz;
      const at = start + index * NOTE_S;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.2, at + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + NOTE_S);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(at);
      oscillator.stop(at + NOTE_S);
    });
  } catch (error) {
    console.warn('[chime] no sound', error);
  }
}
