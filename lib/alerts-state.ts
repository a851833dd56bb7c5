/**
 * The browser's alert inbox: a pure reducer over the alert feed. A snapshot (`alerts:watch`, again after every
 * reconnect) replaces the open list; `alert:raised` and `alert:updated` are merged by id, idempotently, so the
 * same alert arriving twice (a raise racing its snapshot, a second instance) changes nothing. An acknowledged
 * alert leaves the open list whoever acknowledged it. `fresh` holds alerts raised live since the page loaded, for
 * toasts and announcements; a snapshot never adds to it (a reload must not toast every open alert again).
 */
import type { Alert } from './rules';
import { OPEN_ALERTS_LIMIT } from './protocol';
import { assertNever } from './speaker-label';

/** Toasts shown at once at most; older ones give way to newer ones. */
export const MAX_FRESH_ALERTS = 5;

export interface AlertsState {
  /** The snapshot has arrived. */
  readonly loaded: boolean;
  /** Open alerts, newest first, unique by id. */
  readonly open: readonly Alert[];
  /** Alerts raised live and not yet dismissed from the toast stack, newest first. */
  readonly fresh: readonly Alert[];
  /**
   * Ids the page has seen acknowledged: a late `alert:raised` or a snapshot read before the acknowledgement must
   * not bring them back. Bounded like the open list.
   */
  readonly acknowledged: readonly string[];
}

export type AlertsEvent =
  | { type: 'snapshot'; alerts: readonly Alert[] }
  | { type: 'raised'; alert: Alert }
  | { type: 'updated'; alert: Alert }
  | { type: 'dismissed'; id: string };

export const initialAlertsState: AlertsState = { loaded: false, open: [], fresh: [], acknowledged: [] };

function newestFirst(a: Alert, b: Alert): number {
  return b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

function insertOpen(open: readonly Alert[], alert: Alert): readonly Alert[] {
  const index = open.findIndex((existing) => existing.id === alert.id);
  if (index >= 0) {
    const existing = open[index] as Alert;
    if (sameAlert(existing, alert)) return open;
    const next = [...open];
    next[index] = alert;
    return next.sort(newestFirst);
  }
  return [...open, alert].sort(newestFirst).slice(0, OPEN_ALERTS_LIMIT);
}

function sameAlert(a: Alert, b: Alert): boolean {
  return a.state === b.state && a.acknowledgedAt === b.acknowledgedAt && a.at === b.at && a.text === b.text && a.reason === b.reason;
}

function remember(acknowledged: readonly string[], id: string): readonly string[] {
  if (acknowledged.includes(id)) return acknowledged;
  return [id, ...acknowledged].slice(0, OPEN_ALERTS_LIMIT);
}

export function reduceAlerts(state: AlertsState, event: AlertsEvent): AlertsState {
  switch (event.type) {
    case 'snapshot': {
      const open = event.alerts.filter((alert) => alert.state === 'open' && !state.acknowledged.includes(alert.id));
      const unique = [...new Map(open.map((alert) => [alert.id, alert])).values()].sort(newestFirst).slice(0, OPEN_ALERTS_LIMIT);
      // A toast whose alert was acknowledged while the page was away goes too.
      const openIds = new Set(unique.map((alert) => alert.id));
      const fresh = state.fresh.filter((alert) => openIds.has(alert.id));
      return { ...state, loaded: true, open: unique, fresh: fresh.length === state.fresh.length ? state.fresh : fresh };
    }
    case 'raised':
    case 'updated': {
      const alert = event.alert;
      if (alert.state !== 'open' || state.acknowledged.includes(alert.id)) {
        const open = state.open.filter((existing) => existing.id !== alert.id);
        const fresh = state.fresh.filter((existing) => existing.id !== alert.id);
        const acknowledged = alert.state === 'open' ? state.acknowledged : remember(state.acknowledged, alert.id);
        if (open.length === state.open.length && fresh.length === state.fresh.length && acknowledged === state.acknowledged) return state;
        return { ...state, open, fresh, acknowledged };
      }
      const isNew = !state.open.some((existing) => existing.id === alert.id);
      const open = insertOpen(state.open, alert);
      // Only a raise the page has not seen yet makes a toast; an update of an open alert refreshes its toast.
      let fresh = state.fresh;
      if (event.type === 'raised' && isNew && !fresh.some((existing) => existing.id === alert.id)) fresh = [alert, ...fresh].slice(0, MAX_FRESH_ALERTS);
      else if (fresh.some((existing) => existing.id === alert.id && !sameAlert(existing, alert))) fresh = fresh.map((existing) => (existing.id === alert.id ? alert : existing));
      if (open === state.open && fresh === state.fresh) return state;
      return { ...state, open, fresh };
    }
    case 'dismissed': {
      const fresh = state.fresh.filter((alert) => alert.id !== event.id);
      return fresh.length === state.fresh.length ? state : { ...state, fresh };
    }
    default:
      return assertNever(event);
  }
}

/** "Alerts, 3 open": the inbox button's accessible name. */
export function alertsButtonLabel(openCount: number, loaded: boolean): string {
  if (!loaded) return 'Alerts';
  if (openCount === 0) return 'Alerts, none open';
  return `Alerts, ${openCount} open`;
}

/** What a screen reader hears for a new alert: severity, rule, reason, the line with masking read as "redacted". */
export function alertAnnouncement(alert: Alert): string {
  const text = alert.text === '' ? '' : ` “${alert.text.replace(/\*+/g, ' redacted ').replace(/\s+/g, ' ').trim()}”`;
  return `${SEVERITY_WORD[alert.severity]} alert: ${alert.ruleName}, ${alert.reason}.${text}`;
}

const SEVERITY_WORD: Record<Alert['severity'], string> = { info: 'Info', warning: 'Warning', critical: 'Critical' };
