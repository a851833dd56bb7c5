import Database from 'better-sqlite3';
const db = new Database('/tmp/fts-bench-1m.db', { readonly: true });
const t = (name, f) => { const s = performance.now(); const r = f(); console.log(name, (performance.now() - s).toFixed(1), 'ms', JSON.stringify(r).slice(0, 120)); return r; };
for (const m of ['"the"', '"refund"', '"subscr" *', '"garantia"']) {
  t('count ' + m, () => db.prepare('SELECT count(*) n FROM (SELECT rowid FROM segments_fts WHERE segments_fts MATCH ? LIMIT 20001)').get(m));
}
t('edge', () => db.prepare('SELECT received_at, call_id, seq FROM segments s INDEXED BY segments_by_received ORDER BY received_at DESC, call_id DESC, seq DESC LIMIT 1 OFFSET 1999').get());
const edge = db.prepare('SELECT received_at, call_id, seq FROM segments s INDEXED BY segments_by_received ORDER BY received_at DESC, call_id DESC, seq DESC LIMIT 1 OFFSET 1999').get();
t('chunk exists the (rowvalue)', () => db.prepare(`SELECT count(*) FROM segments s INDEXED BY segments_by_received WHERE (s.received_at, s.call_id, s.seq) >= (?, ?, ?) AND EXISTS (SELECT 1 FROM segments_fts WHERE segments_fts MATCH '"the"' AND segments_fts.rowid = s.rowid)`).get(edge.received_at, edge.call_id, edge.seq));
t('chunk exists refund (rowvalue)', () => db.prepare(`SELECT count(*) FROM segments s INDEXED BY segments_by_received WHERE (s.received_at, s.call_id, s.seq) >= (?, ?, ?) AND EXISTS (SELECT 1 FROM segments_fts WHERE segments_fts MATCH '"refund"' AND segments_fts.rowid = s.rowid)`).get(edge.received_at, edge.call_id, edge.seq));
t('chunk plain (rowvalue)', () => db.prepare(`SELECT count(*) FROM segments s INDEXED BY segments_by_received WHERE (s.received_at, s.call_id, s.seq) >= (?, ?, ?)`).get(edge.received_at, edge.call_id, edge.seq));
t('chunk rowid IN fts', () => db.prepare(`SELECT count(*) FROM segments s WHERE (s.received_at, s.call_id, s.seq) >= (?, ?, ?) AND s.rowid IN (SELECT rowid FROM segments_fts WHERE segments_fts MATCH '"refund"')`).get(edge.received_at, edge.call_id, edge.seq));
t('full sort refund', () => db.prepare(`SELECT s.call_id, s.seq FROM segments_fts JOIN segments s ON s.rowid = segments_fts.rowid WHERE segments_fts MATCH '"refund"' ORDER BY s.received_at DESC, s.call_id DESC, s.seq DESC LIMIT 21`).all().length);
t('fts only rowid list refund', () => db.prepare(`SELECT rowid FROM segments_fts WHERE segments_fts MATCH '"refund"'`).all().length);
t('fts only rowid list the', () => db.prepare(`SELECT rowid FROM segments_fts WHERE segments_fts MATCH '"the"'`).all().length);
console.log(db.prepare(`EXPLAIN QUERY PLAN SELECT count(*) FROM segments s INDEXED BY segments_by_received WHERE (s.received_at, s.call_id, s.seq) >= (?, ?, ?) AND EXISTS (SELECT 1 FROM segments_fts WHERE segments_fts MATCH '"the"' AND segments_fts.rowid = s.rowid)`).all(1,'a',1));
